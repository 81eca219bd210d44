/**
 * A call's deadline as an AbortSignal: one AbortController aborted by a timer or by the caller's
 * signal, whichever comes first. The transport reads the whole body before it returns, so the
 * deadline ends with the call: `end()` clears the timer and the listener.
 */
export interface Deadline {
  signal: AbortSignal;
  /** Epoch ms at which the call is aborted (Infinity without a timeout). */
  at: number;
  /** Why `signal` aborted: the timeout's error, or the caller's own reason. */
  reason(): unknown;
  /** Clears the timer and the listener on the caller's signal. */
  end(): void;
}

/**
 * The longest delay a timer can have, in ms (2³¹ − 1, about 24.8 days): `setTimeout` fires at
 * once for a longer one. A longer timeout is no timeout; a longer wait is not waited.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The deadline of one call: `signal` aborts after `timeoutMs` (over MAX_TIMER_MS: never) or when
 * `caller` aborts, whichever comes first; `reason()` is then `onTimeout()`'s error or the
 * caller's own reason.
 */
export function startDeadline(timeoutMs: number, caller: AbortSignal, onTimeout: () => Error): Deadline {
  if (timeoutMs > MAX_TIMER_MS)
    return { signal: caller, at: Number.POSITIVE_INFINITY, reason: () => caller.reason, end() {} };
  const controller = new AbortController();
  const onAbort = () => controller.abort(caller.reason);
  if (caller.aborted) onAbort();
  else caller.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(onTimeout()), timeoutMs);
  const { signal } = controller;
  return {
    signal,
    at: Date.now() + timeoutMs,
    reason: () => signal.reason,
    end() {
      clearTimeout(timer);
      caller.removeEventListener("abort", onAbort);
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
