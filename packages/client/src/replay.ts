/**
 * Buffers a Request's body once so the same request can be sent again (after a Digest 401 or a
 * 429): a Request body is a one-shot stream.
 */
export type RequestFactory = (headers?: Headers) => Request;

export async function replayable(request: Request): Promise<RequestFactory> {
  const body = request.body === null ? undefined : await request.arrayBuffer();
  return (headers) => new Request(request, { body, headers: headers ?? request.headers });
}
