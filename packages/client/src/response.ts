/**
 * Makes response bodies match the generated types. Error bodies that are not Atlas's ApiError JSON
 * (an HTML page from a proxy, plain text, nothing) become an ApiError with
 * `errorCode: "UNRECOGNIZED_ERROR_BODY"` and the raw text in `detail`, so `error` is always an
 * ApiError. A success body that is empty or not JSON throws AtlasResponseError. Only the first
 * MAX_ERROR_BODY_BYTES of an error body are read; the rest is cancelled, never buffered.
 */
import { AtlasResponseError } from "./errors.js";
import type { ApiError } from "./types.js";

export const UNRECOGNIZED_ERROR_BODY = "UNRECOGNIZED_ERROR_BODY";
const MAX_DETAIL = 1000;
/** How much of an error body is read (64 KiB); Atlas's error bodies are a few hundred bytes. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * The body as text (UTF-8, as `Response.text()`). With `maxBytes`, at most that many bytes are read
 * and the rest of the stream is cancelled; `signal` cancels it too. Without, the whole body is read.
 */
export async function readBodyText(
  response: Response,
  maxBytes = Number.POSITIVE_INFINITY,
  signal?: AbortSignal,
): Promise<string> {
  const { body } = response;
  if (body === null || maxBytes === Number.POSITIVE_INFINITY) return response.text();
  const reader = body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => {});
  };
  signal?.addEventListener("abort", cancel, { once: true });
  if (signal?.aborted) cancel();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value.byteLength > maxBytes - size ? value.subarray(0, maxBytes - size) : value;
      size += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    signal?.removeEventListener("abort", cancel);
    // Ends the stream after the limit, or after an error; no-op on a stream already read to its end.
    cancel();
  }
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ApiError).error === "number" &&
    typeof (value as ApiError).errorCode === "string"
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function rebuild(response: Response, body: string, contentType?: string): Response {
  const headers = new Headers(response.headers);
  for (const name of ["Content-Length", "Content-Encoding", "Transfer-Encoding"]) headers.delete(name);
  if (contentType) headers.set("Content-Type", contentType);
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

/** The JSON of a success body; AtlasResponseError when it is empty or not JSON. */
export function parseSuccess(text: string, call: { method: string; path: string; status: number }): unknown {
  const parsed = text.trim() === "" ? undefined : parseJson(text);
  if (parsed?.ok) return parsed.value;
  throw new AtlasResponseError(
    call.method,
    call.path,
    call.status,
    parsed ? "a body that is not JSON" : "an empty body",
  );
}

/**
 * Error bodies become an ApiError (see above), read by `readText` up to MAX_ERROR_BODY_BYTES; a
 * success body is read whole (under the call's deadline, by `readText`) and handed back as a new
 * Response. With `parseAs: "json"` success bodies are not passed here: the client reads and checks
 * them itself (parseSuccess).
 */
export async function normalizeResponse(
  response: Response,
  readText: (response: Response, maxBytes?: number) => Promise<string>,
): Promise<Response> {
  if (response.status === 204 || response.status === 205 || response.status === 304) return response;
  const text = await readText(response, response.ok ? undefined : MAX_ERROR_BODY_BYTES);
  if (response.ok) return rebuild(response, text);
  const parsed = parseJson(text);
  if (parsed.ok && isApiError(parsed.value)) return rebuild(response, text);
  const error: ApiError = {
    error: response.status,
    errorCode: UNRECOGNIZED_ERROR_BODY,
    detail: text.trim() === "" ? "(empty body)" : text.slice(0, MAX_DETAIL),
  };
  if (response.statusText) error.reason = response.statusText;
  return rebuild(response, JSON.stringify(error), "application/json");
}
