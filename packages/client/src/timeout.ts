/** A per-call deadline: one AbortController, one timer, both released when the call ends. */
export interface Deadline {
  signal: AbortSignal;
  /** Epoch milliseconds at which the call is aborted (Infinity when there is no timeout). */
  at: number;
  /** Stops the timer and detaches from the caller's signal. */
  clear(): void;
}

/**
 * Aborts with `reason()` after `timeoutMs`, or with the caller's reason when `outer` aborts first.
 * A non-finite `timeoutMs` means no timer. `clear()` must be called when the call ends: a timer
 * left to fire keeps its closure (about 6 kB) alive until then.
 */
export function startDeadline(timeoutMs: number, reason: () => Error, outer: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => controller.abort(reason()), timeoutMs)
    : undefined;
  const onOuterAbort = () => controller.abort(outer.reason);
  if (outer.aborted) onOuterAbort();
  else outer.addEventListener("abort", onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    at: Date.now() + timeoutMs,
    clear() {
      clearTimeout(timer);
      outer.removeEventListener("abort", onOuterAbort);
    },
  };
}

/** Rejects with the signal's reason when it aborts before `promise` settles. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
