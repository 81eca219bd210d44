/** An injected fetch that records every request on the "wire" and answers with Response objects. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  signal: AbortSignal;
}

export type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>;

/**
 * More requests than any one test needs: past it the fetch throws, so a client that loops
 * (re-signing after every stale nonce, retrying forever) fails fast, by name, instead of hanging.
 */
export const MAX_WIRE_REQUESTS = 200;

export function recordingFetch(responder: Responder) {
  const requests: RecordedRequest[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    if (requests.length >= MAX_WIRE_REQUESTS) {
      throw new Error(`recordingFetch: more than ${MAX_WIRE_REQUESTS} requests, the client is looping`);
    }
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: new Headers(request.headers),
      body: request.body === null ? "" : await request.text(),
      signal: request.signal,
    };
    requests.push(recorded);
    return responder(recorded, requests.length - 1);
  };
  return { fetch, requests };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

/** Parses the auth-params of a Digest Authorization header (test-side, independent of src/). */
export function authParams(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (header ?? "").matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    out[m[1] as string] = (m[2] ?? m[3] ?? "").replace(/\\(.)/g, "$1");
  }
  return out;
}
