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

/** `source` read through the counter, as a stream; cancelling it cancels `source`. */
export function limitStream(source: ReadableStream<Uint8Array>, limit: Limit): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let size = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw limit.fail(error);
        }
        if (chunk.done) return controller.close();
        const room = limit.maxBytes - size;
        if (chunk.value.byteLength <= room) {
          size += chunk.value.byteLength;
          controller.enqueue(chunk.value);
          // Truncating: a full body ends here, without reading one chunk more.
          if (size < limit.maxBytes || limit.tooLarge) return;
        } else {
          if (limit.tooLarge) {
            reader.cancel().catch(() => {});
            throw limit.tooLarge();
          }
          controller.enqueue(chunk.value.subarray(0, room));
        }
        reader.cancel().catch(() => {});
        controller.close();
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The body as UTF-8 text, read through the counter. */
export async function readText(response: Response, limit: Limit): Promise<string> {
  if (response.body === null) return "";
  const reader = limitStream(response.body, limit).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}
