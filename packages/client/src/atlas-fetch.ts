/**
 * The `fetch` given to openapi-fetch: one deadline per call over the authentication round trips
 * (Digest, or a service-account token), the 429 waits and the body read; Digest signs from the
 * method and URL (qop=auth does not hash the body), so the body openapi-fetch serialized is sent
 * as is, and again only after a stale nonce, a refused token or a 429.
 */
import { DigestError } from "@atlas-admin/digest/client";
import { AtlasDigestError, AtlasNetworkError, AtlasTimeoutError } from "./errors.js";
import { type ReplayableBody, replayableBody } from "./request.js";
import { bufferResponse } from "./response.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { raceAbort, startDeadline } from "./timeout.js";

/** A transport: called with a ready Request, as openapi-fetch calls its `fetch`. */
export type FetchFn = (input: Request) => Promise<Response>;

/**
 * Authentication of one call: sends it through `send` with an `Authorization` value (or none),
 * once or more (a Digest probe, a re-sign after `stale=true`, a new token after a 401). Digest's
 * signer (`@atlas-admin/digest/client`) and the service-account Bearer (./oauth/bearer.ts) are two.
 */
export type Authenticate = (
  method: string,
  url: URL,
  signal: AbortSignal,
  send: (authorization?: string) => Promise<Response>,
) => Promise<Response>;

export interface AtlasFetchOptions {
  authenticate: Authenticate;
  /** Transport under Digest and retry. Default: `globalThis.fetch`, looked up at each send. */
  fetch: FetchFn | undefined;
  /** Limit for a whole call in ms; `Infinity` for none. */
  timeoutMs: number;
  retry: Required<RetryOptions>;
}

/**
 * @returns a fetch that rejects with AtlasTimeoutError (deadline), the caller's abort reason,
 *   AtlasNetworkError (no response), AtlasDigestError (a challenge it cannot answer) or
 *   AtlasTokenError (the token endpoint refused).
 */
export function createAtlasFetch(options: AtlasFetchOptions): FetchFn {
  const { authenticate, fetch: transport, timeoutMs, retry } = options;

  return async function atlasFetch(request) {
    const url = new URL(request.url);
    const { method } = request;
    const path = url.pathname;
    const deadline = startDeadline(
      timeoutMs,
      () => new AtlasTimeoutError(method, path, timeoutMs),
      request.signal,
    );
    const { signal } = deadline;
    try {
      const body = await replayableBody(request);
      const send = async (authorization?: string): Promise<Response> => {
        // A transport handed an already-aborted signal may never settle: do not call it then.
        signal.throwIfAborted();
        try {
          return await sendOnce(transport, request, body, authorization, signal);
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          throw new AtlasNetworkError(method, path, error);
        }
      };
      const response = await withRetry(
        () => authenticate(method, url, signal, send),
        retry,
        signal,
        deadline.at,
      );
      return await bufferResponse(response, method, signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof DigestError) throw new AtlasDigestError(error.message);
      throw error;
    } finally {
      deadline.clear();
    }
  };
}

function sendOnce(
  transport: FetchFn | undefined,
  request: Request,
  body: ReplayableBody | undefined,
  authorization: string | undefined,
  signal: AbortSignal,
): Promise<Response> {
  let headers = request.headers;
  if (authorization) {
    headers = new Headers(headers);
    headers.set("Authorization", authorization);
  }
  // A transport of the caller's may drop the Request (and with it the link from `signal` to the
  // Request's own signal, which the platform holds weakly) or ignore aborts: the call still ends.
  if (transport) return raceAbort(transport(new Request(request, { body, headers, signal })), signal);
  // The platform fetch gets the Request and an init with the body: given the Request alone, it
  // would copy the Request and pipe its body through one more stream.
  return globalThis.fetch(request, { body, headers, signal });
}
