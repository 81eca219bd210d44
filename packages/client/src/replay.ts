/**
 * Re-sending a request (after a Digest 401 or a 429): a Request body is a one-shot stream, so it is
 * read once and every send gets a Request (or fetch init) of its own carrying it.
 */
export type Body = ArrayBuffer | undefined;

export async function readBody(request: Request): Promise<Body> {
  return request.body === null ? undefined : request.arrayBuffer();
}

/** The request's headers, with an Authorization header when given. */
export function headersWith(request: Request, authorization?: string): Headers {
  const headers = new Headers(request.headers);
  if (authorization) headers.set("Authorization", authorization);
  return headers;
}

/** `request` with `body` and, when given, an Authorization header (and another signal). */
export const resend = (request: Request, body: Body, authorization?: string, signal?: AbortSignal) =>
  new Request(request, { body, headers: headersWith(request, authorization), signal });

/** The settings of `request` other than its URL, headers, body and signal, as a fetch init. */
export const requestInit = (request: Request): RequestInit => ({
  method: request.method,
  redirect: request.redirect,
  credentials: request.credentials,
  mode: request.mode,
  cache: request.cache,
  integrity: request.integrity,
  keepalive: request.keepalive,
  referrer: request.referrer,
  referrerPolicy: request.referrerPolicy,
});
