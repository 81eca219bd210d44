/**
 * Retries 429 Too Many Requests (RFC 6585 §4), waiting as `Retry-After` says (RFC 9110 §10.2.3:
 * delay-seconds or an HTTP-date). Atlas rejects a rate-limited request before acting on it, so
 * sending a POST again after a 429 cannot create a second resource.
 */

import { MAX_TIMER_MS } from "./deadline.js";

export interface RetryOptions {
  /** Total sends of one call, the first included. Default 3. */
  attempts?: number;
  /** Longest wait before a retry; a longer `Retry-After` returns the 429 at once. Default 30 000. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY = { attempts: 3, maxDelayMs: 30_000 } as const;

/** Milliseconds to wait from `now`, or undefined when the header is absent or invalid. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP-date formats all start with a day name; Date.parse alone would also accept "1.5" or "-1".
  const date = /^[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Whether an answer says to send the same request again later: a 429, or a 503 Service
 * Unavailable that carries `Retry-After` (RFC 9110 §15.6.4: the server could not handle the
 * request now, and says when it can; a server over its connection cap answers so). A 503 without
 * it is returned as it is.
 */
export function isRetryable(response: Response): boolean {
  return response.status === 429 || (response.status === 503 && response.headers.has("Retry-After"));
}

/**
 * Calls `send` until it answers something that is not retryable (./isRetryable), `attempts` are
 * used up, or the wait would exceed `maxDelayMs` or the time left before `deadline`; then returns
 * the last response (a wait longer than a timer can be, MAX_TIMER_MS, is not waited). Without `Retry-After` (a 429) the waits are 1 s, 2 s, 4 s… (capped by
 * `maxDelayMs`).
 */
export async function withRetry(
  send: () => Promise<Response>,
  options: Required<RetryOptions>,
  signal: AbortSignal,
  deadline: number,
  note?: (event: string) => void,
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await send();
    if (!isRetryable(response) || attempt >= options.attempts) return response;
    const now = Date.now();
    const delay =
      parseRetryAfter(response.headers.get("Retry-After"), now) ??
      Math.min(1000 * 2 ** (attempt - 1), options.maxDelayMs);
    if (delay > Math.min(options.maxDelayMs, MAX_TIMER_MS) || now + delay >= deadline) return response;
    await response.body?.cancel().catch(() => {});
    note?.(`${response.status}, waiting ${delay} ms before attempt ${attempt + 1}`);
    await sleep(delay, signal);
  }
}
