/** Injected transports that never answer: one that honours the request's signal and one that ignores it. */

/** A transport that never answers; it rejects with the signal's reason when the call is aborted. */
export const neverAnswers = (request: Request) =>
  new Promise<Response>((_, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });

/** A transport that never settles, whatever happens to the signal (a badly written one). */
export const ignoresSignals = () => new Promise<Response>(() => {});
