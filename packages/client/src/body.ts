/**
 * Every body the client reads goes through a byte counter: API success bodies up to
 * `maxBodyBytes` (past it the read fails with AtlasBodyTooLargeError), error bodies up to
 * MAX_ERROR_BODY_BYTES (the rest is cancelled, the text kept), token-endpoint bodies up to
 * MAX_TOKEN_BODY_BYTES. A failed read (a reset, the deadline) fails with the error `fail` gives.
 * Memory stays bounded by the limit whatever the server sends.
 */

/** Default `maxBodyBytes`: 16 MiB, far above Atlas's largest page (500 items). */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
/** How much of an error body is read (64 KiB); Atlas's error bodies are a few hundred bytes. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** How much of a token-endpoint answer is read (64 KiB); an Atlas token answer is about 1 kB. */
export const MAX_TOKEN_BODY_BYTES = 64 * 1024;

/**
 * Bodies known without reading a stream: the string openapi-fetch serialized into a Request
 * (./seams.ts), sent as is by the transport; the bytes the transport read for a Response
 * (./atlas-fetch.ts), checked as JSON by the client's middleware without a second read.
 */
export const knownBodies = new WeakMap<Request | Response, string | ArrayBuffer>();

export interface Limit {
  maxBytes: number;
  /** The error past `maxBytes`; undefined: end the body there (truncate). */
  tooLarge?: () => Error;
  /** The error for a read that failed (the stream's error is passed in). */
  fail: (error: unknown) => unknown;
}

/** The bytes of `body`, read through the counter; the rest is cancelled. */
export async function readBytes(
  body: ReadableStream<Uint8Array>,
  limit: Limit,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw limit.fail(error);
      }
      if (chunk.done) break;
      const room = limit.maxBytes - size;
      if (chunk.value.byteLength > room && limit.tooLarge) throw limit.tooLarge();
      const kept = chunk.value.subarray(0, room);
      chunks.push(kept);
      size += kept.byteLength;
      // Truncating: a full body ends here, without reading one chunk more.
      if (size >= limit.maxBytes && !limit.tooLarge) break;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
