/**
 * A call's deadline as an AbortSignal: the caller's signal and `AbortSignal.timeout` combined
 * with `AbortSignal.any`, so nothing needs clearing when the call ends (the platform's timeout
 * signal holds no closure), and openapi-fetch's own body read is covered: the transport is given
 * this signal and aborts the response body with it.
 */
export interface Deadline {
  signal: AbortSignal;
  /** Epoch ms at which the call is aborted (Infinity without a timeout). */
  at: number;
  /** Why `signal` aborted: the timeout's error, or the caller's own reason. */
  reason(): unknown;
}

/**
 * The deadline of one call: `signal` aborts after `timeoutMs` (a non-finite value: never) or when
 * `caller` aborts, whichever comes first; `reason()` is then `onTimeout()`'s error (made once) or
 * the caller's own reason.
 */
export function startDeadline(timeoutMs: number, caller: AbortSignal, onTimeout: () => Error): Deadline {
  if (!Number.isFinite(timeoutMs))
    return { signal: caller, at: Number.POSITIVE_INFINITY, reason: () => caller.reason };
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([caller, timeout]);
  let error: Error | undefined;
  return {
    signal,
    at: Date.now() + timeoutMs,
    reason() {
      if (signal.reason !== timeout.reason) return signal.reason;
      error ??= onTimeout();
      return error;
    },
  };
}

/** Rejects with `reason()` when `signal` aborts before `promise` settles (for transports that ignore it). */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  reason: () => unknown = () => signal.reason,
): Promise<T> {
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
