/**
 * The client's one transport: the `fetch` given to openapi-fetch, and the one the token source
 * sends its token and revocation requests through (./oauth/token-source.ts). Per call: one
 * deadline (an AbortSignal, ./deadline.ts) over the authentication round trips, the 429 waits
 * and the body read; the body is read here, through the byte counter (./body.ts), so every
 * failure, before or after the response head, is named in one place (`failure` below): an
 * AtlasError subclass, or the caller's own abort reason. What the transport resolves to is a
 * response whose body is already in memory: whatever a caller's middleware or openapi-fetch does
 * with it afterwards is theirs, never a network failure.
 *
 * The request body is held as a string (JSON, forms) or a Blob, which the platform can send again: after a stale nonce, a
 * refused token, a 429, or a 307/308 redirect (an ArrayBuffer is detached by Node 20's fetch
 * after the first send, so a redirect could not be followed).
 *
 * Error bodies (non-2xx) are read up to 64 KiB and redacted of the client's secrets and of any
 * `Authorization` value the server echoes, field by field when they are JSON, before anything
 * else sees them.
 */
import { DigestError } from "@atlas-admin/digest/client";
import { knownBodies, MAX_ERROR_BODY_BYTES, readBytes } from "./body.js";
import { type Deadline, raceAbort, startDeadline } from "./deadline.js";
import {
  AtlasBodyTooLargeError,
  AtlasDigestError,
  AtlasError,
  AtlasNetworkError,
  AtlasTimeoutError,
} from "./errors.js";
import { describeResponse, type Log, requestId } from "./log.js";
import { type Redact, redactJson } from "./redact.js";
import { type RetryOptions, withRetry } from "./retry.js";

/** A transport: called with a ready Request, as openapi-fetch calls its `fetch`. */
export type FetchFn = (input: Request) => Promise<Response>;

/**
 * Authentication of one call: sends it through `send` with an `Authorization` value (or none),
 * once or more (a Digest probe, a re-sign after `stale=true`, a new token after a 401). Digest's
 * signer (`@atlas-admin/digest/client`), the service-account Bearer (./oauth/bearer.ts) and the
 * token endpoint's Basic (./oauth/basic.ts) are three. `note` records what happened for the log.
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
  /** Transport under authentication and retry. Default: `globalThis.fetch`, looked up at each send. */
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
 *   AtlasNetworkError (the connection failed, before or during the body), AtlasBodyTooLargeError
 *   (a success body past `maxBodyBytes`), AtlasDigestError (a challenge it cannot answer) or an
 *   AtlasError from authentication (AtlasTokenError); it resolves to a response whose body is in
 *   memory (an error body truncated at 64 KiB and redacted).
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
    const started = Date.now();
    let attempt = 0;
    // The Authorization values this call sent: a server may quote them back in an error body.
    const sent: string[] = [];
    const redactCall: Redact = (text) => {
      let out = redact(text);
      for (const value of sent) out = out.split(value).join("[redacted]");
      return out;
    };
    const fail = failure(method, path, deadline, redactCall);
    try {
      // A transport handed an already-aborted signal may never settle: do not call it then.
      signal.throwIfAborted();
      const body =
        request.body === null ? undefined : (knownBodies.get(request) ?? (await resendable(request)));
      const send = async (authorization?: string): Promise<Response> => {
        signal.throwIfAborted();
        attempt += 1;
        const at = Date.now();
        if (authorization) sent.push(authorization);
        const response = await sendOnce(transport, request, body, authorization, signal, deadline);
        if (log) {
          const what = describeResponse(response);
          const id = requestId(response);
          log(
            "debug",
            `${method} ${path} attempt ${attempt} → ${response.status} in ${Date.now() - at} ms${what ? `: ${what}` : ""}${id ? ` (request id ${id})` : ""}`,
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
      return await readBody(response, method, path, maxBodyBytes, fail, redactCall);
    } catch (error) {
      const typed = fail(error);
      log?.(
        "warn",
        `${method} ${path} failed after ${attempt} attempt(s) in ${Date.now() - started} ms: ${String(typed)}`,
      );
      throw typed;
    } finally {
      deadline.end();
    }
  };
}

/**
 * The request's body in a form the platform can send again (after a 401, a 429, a 307/308): a
 * string for JSON and form bodies (the cheapest), a Blob otherwise.
 */
function resendable(request: Request): Promise<string | Blob> {
  const type = request.headers.get("Content-Type") ?? "";
  return /^application\/(json|x-www-form-urlencoded)\b/i.test(type) ? request.text() : request.blob();
}

/** Maps anything a call can fail with to what the caller sees: the one place failures are named. */
function failure(method: string, path: string, deadline: Deadline, redact: Redact) {
  return (error: unknown): unknown => {
    if (deadline.signal.aborted) return deadline.reason();
    if (error instanceof AtlasError) return error;
    if (error instanceof DigestError) return new AtlasDigestError(redact(error.message));
    return new AtlasNetworkError(method, path, error, redact);
  };
}

/**
 * The response with its body read: a success body up to `maxBodyBytes` (past it
 * AtlasBodyTooLargeError), an error body up to 64 KiB (the rest cancelled), redacted.
 */
async function readBody(
  response: Response,
  method: string,
  path: string,
  maxBodyBytes: number,
  fail: (error: unknown) => unknown,
  redact: Redact,
): Promise<Response> {
  const { body, status, statusText, headers: received } = response;
  if (body === null || method === "HEAD" || status === 204 || status === 205 || status === 304)
    return response;
  let content: ArrayBuffer | string;
  const headers = new Headers(received);
  const encoding = received.get("Content-Encoding");
  // A declared length within the limit frames the body (the platform reads no more), unless a
  // Content-Encoding makes it the length of the compressed bytes.
  if (
    response.ok &&
    Number(received.get("Content-Length") ?? Number.NaN) <= maxBodyBytes &&
    (encoding === null || encoding === "identity")
  ) {
    content = await response.arrayBuffer();
  } else {
    const bytes = await readBytes(
      body,
      response.ok
        ? {
            maxBytes: maxBodyBytes,
            tooLarge: () => new AtlasBodyTooLargeError(method, path, maxBodyBytes),
            fail,
          }
        : { maxBytes: MAX_ERROR_BODY_BYTES, fail },
    );
    content = response.ok ? bytes.buffer : redactJson(new TextDecoder().decode(bytes), redact);
    headers.delete("Content-Length");
  }
  // The platform decoded the body: the bytes here are no longer in that encoding.
  headers.delete("Content-Encoding");
  const read = new Response(content, { status, statusText, headers });
  // What a Response's constructor cannot set: where the answer came from, and whether it was redirected.
  if (response.url)
    Object.defineProperties(read, {
      url: { value: response.url },
      redirected: { value: response.redirected },
    });
  if (typeof content !== "string") knownBodies.set(read, content);
  return read;
}

function sendOnce(
  transport: FetchFn | undefined,
  request: Request,
  body: string | ArrayBuffer | Blob | undefined,
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
