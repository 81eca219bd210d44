/**
 * The `fetch` given to openapi-fetch: one deadline per call (an AbortSignal, ./deadline.ts) over
 * the authentication round trips (Digest, or a service-account token), the 429 waits and the body
 * read, which openapi-fetch does itself from the response returned here: that body goes through
 * the byte counter (./body.ts). Digest signs from the method and URL (qop=auth does not hash the
 * body), so the body openapi-fetch serialized is read once and sent as is, and sent again only
 * after a stale nonce, a refused token or a 429. Every failure leaves as an AtlasError subclass,
 * or as the caller's own abort reason.
 */
import { DigestError } from "@atlas-admin/digest/client";
import { limitStream, MAX_ERROR_BODY_BYTES } from "./body.js";
import { type Deadline, raceAbort, startDeadline } from "./deadline.js";
import {
  AtlasBodyTooLargeError,
  AtlasDigestError,
  AtlasError,
  AtlasNetworkError,
  AtlasTimeoutError,
} from "./errors.js";
import { describeResponse, type Log, requestId } from "./log.js";
import type { Redact } from "./redact.js";
import { type RetryOptions, withRetry } from "./retry.js";

/** A transport: called with a ready Request, as openapi-fetch calls its `fetch`. */
export type FetchFn = (input: Request) => Promise<Response>;

/**
 * Authentication of one call: sends it through `send` with an `Authorization` value (or none),
 * once or more (a Digest probe, a re-sign after `stale=true`, a new token after a 401). Digest's
 * signer (`@atlas-admin/digest/client`) and the service-account Bearer (./oauth/bearer.ts) are two.
 * `note` records what happened for the log.
 */
export type Authenticate = (
  method: string,
  url: URL,
  signal: AbortSignal,
  send: (authorization?: string) => Promise<Response>,
  note?: (event: string) => void,
) => Promise<Response>;

export interface AtlasFetchOptions {
  authenticate: Authenticate;
  /** Transport under Digest and retry. Default: `globalThis.fetch`, looked up at each send. */
  fetch: FetchFn | undefined;
  /** Limit for a whole call in ms; `Infinity` for none. */
  timeoutMs: number;
  retry: Required<RetryOptions>;
  /** Longest success body read, in bytes. */
  maxBodyBytes: number;
  redact: Redact;
  log: Log | undefined;
}

/**
 * @returns a fetch that rejects with AtlasTimeoutError (deadline), the caller's abort reason,
 *   AtlasNetworkError (the connection failed), AtlasDigestError (a challenge it cannot answer) or
 *   AtlasTokenError (the token endpoint refused); the body of the response it resolves to fails
 *   the same way, or with AtlasBodyTooLargeError.
 */
export function createAtlasFetch(options: AtlasFetchOptions): FetchFn {
  const { authenticate, fetch: transport, timeoutMs, retry, maxBodyBytes, redact, log } = options;

  return async function atlasFetch(request) {
    const url = new URL(request.url);
    const { method } = request;
    const path = url.pathname;
    const deadline = startDeadline(
      timeoutMs,
      request.signal,
      () => new AtlasTimeoutError(method, path, timeoutMs),
    );
    const { signal } = deadline;
    const fail = failure(method, path, deadline, redact);
    const started = Date.now();
    let attempt = 0;
    try {
      // A transport handed an already-aborted signal may never settle: do not call it then.
      signal.throwIfAborted();
      const body = request.body === null ? undefined : await request.arrayBuffer();
      const send = async (authorization?: string): Promise<Response> => {
        signal.throwIfAborted();
        attempt += 1;
        const sent = Date.now();
        const response = await sendOnce(transport, request, body, authorization, signal, deadline);
        if (log) {
          const what = describeResponse(response);
          const id = requestId(response);
          log(
            "debug",
            `${method} ${path} attempt ${attempt} → ${response.status} in ${Date.now() - sent} ms${what ? `: ${what}` : ""}${id ? ` (request id ${id})` : ""}`,
          );
        }
        return response;
      };
      const note = log && ((event: string) => log("info", `${method} ${path}: ${event}`));
      const response = await withRetry(
        () => authenticate(method, url, signal, send, note),
        retry,
        signal,
        deadline.at,
        note,
      );
      return limitBody(response, method, path, maxBodyBytes, fail);
    } catch (error) {
      const typed = fail(error);
      log?.(
        "warn",
        `${method} ${path} failed after ${attempt} attempt(s) in ${Date.now() - started} ms: ${String(typed)}`,
      );
      throw typed;
    }
  };
}

/** Maps anything a call can fail with to what the caller sees. */
function failure(method: string, path: string, deadline: Deadline, redact: Redact) {
  return (error: unknown): unknown => {
    if (deadline.signal.aborted) return deadline.reason();
    if (error instanceof AtlasError) return error;
    if (error instanceof DigestError) return new AtlasDigestError(redact(error.message));
    return new AtlasNetworkError(method, path, error, redact);
  };
}

/** The response with its body behind the counter: a success body up to `maxBodyBytes`, an error body truncated at 64 KiB. */
function limitBody(
  response: Response,
  method: string,
  path: string,
  maxBodyBytes: number,
  fail: (error: unknown) => unknown,
): Response {
  const { body, status, headers: received } = response;
  if (body === null || method === "HEAD" || status === 204 || status === 205 || status === 304)
    return response;
  // A 2xx whose declared length is within the limit is framed by that length (the transport
  // reads no more), unless a Content-Encoding makes it the length of the compressed bytes. Its
  // read errors are named where openapi-fetch's read ends (./call.ts).
  if (response.ok && Number(received.get("Content-Length") ?? Number.NaN) <= maxBodyBytes) {
    const encoding = received.get("Content-Encoding");
    if (encoding === null || encoding === "identity") return response;
  }
  const limited = limitStream(body, {
    maxBytes: response.ok ? maxBodyBytes : MAX_ERROR_BODY_BYTES,
    tooLarge: response.ok ? () => new AtlasBodyTooLargeError(method, path, maxBodyBytes) : undefined,
    fail,
  });
  const headers = new Headers(received);
  // The counter may end an error body early; the length the server declared would then be wrong.
  if (!response.ok) headers.delete("Content-Length");
  const limitedResponse = new Response(limited, { status, statusText: response.statusText, headers });
  Object.defineProperty(limitedResponse, "url", { value: response.url });
  return limitedResponse;
}

function sendOnce(
  transport: FetchFn | undefined,
  request: Request,
  body: ArrayBuffer | undefined,
  authorization: string | undefined,
  signal: AbortSignal,
  deadline: Deadline,
): Promise<Response> {
  let headers = request.headers;
  if (authorization) {
    headers = new Headers(headers);
    headers.set("Authorization", authorization);
  }
  // A caller's transport may ignore aborts or drop the signal: the call still ends.
  if (transport)
    return raceAbort(transport(new Request(request, { body, headers, signal })), signal, deadline.reason);
  return globalThis.fetch(request, { body, headers, signal });
}
