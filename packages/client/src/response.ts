/**
 * Reads a response's body inside the call's deadline and hands openapi-fetch a Response built from
 * it, so openapi-fetch parses a body that is already here. Error bodies that are not Atlas's
 * ApiError JSON (an HTML page from a proxy, plain text, nothing) become an ApiError with
 * `errorCode: "UNRECOGNIZED_ERROR_BODY"` and the raw text in `detail`, so `error` is always an
 * ApiError. Only the first MAX_ERROR_BODY_BYTES of an error body are read; the rest is cancelled.
 */

import type { ApiError } from "@atlas-admin/types";
import { AtlasResponseError } from "./errors.js";

export const UNRECOGNIZED_ERROR_BODY = "UNRECOGNIZED_ERROR_BODY";
const MAX_DETAIL = 1000;
/** How much of an error body is read (64 KiB); Atlas's error bodies are a few hundred bytes. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** The text of each Response this module built, for the JSON check (checkJsonSuccess). */
const bodyTexts = new WeakMap<Response, string>();

/**
 * The body as text (UTF-8). With `maxBytes`, at most that many bytes are read and the rest of the
 * stream is cancelled. Rejects with the signal's reason when it aborts first.
 */
export async function readBodyText(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<string> {
  const { body } = response;
  if (body === null) return "";
  const reader = body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => {});
  };
  signal.addEventListener("abort", cancel, { once: true });
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  try {
    while (size < maxBytes) {
      if (signal.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value.byteLength > maxBytes - size ? value.subarray(0, maxBytes - size) : value;
      size += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
    }
    if (signal.aborted) throw signal.reason;
    return text + decoder.decode();
  } finally {
    signal.removeEventListener("abort", cancel);
    // Ends the stream after the limit or an error; a no-op on a stream read to its end.
    cancel();
  }
}

/** Whether `value` has the two required fields of Atlas's ApiError. */
export function isApiError(value: unknown): value is ApiError {
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

function rebuild(response: Response, text: string, contentType?: string): Response {
  const headers = new Headers(response.headers);
  for (const name of ["Content-Length", "Content-Encoding", "Transfer-Encoding"]) headers.delete(name);
  if (contentType) headers.set("Content-Type", contentType);
  const copy = new Response(text, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperty(copy, "url", { value: response.url });
  bodyTexts.set(copy, text);
  return copy;
}

/**
 * The response with its body read (whole for a success, up to MAX_ERROR_BODY_BYTES for an error)
 * before `signal` aborts; error bodies normalised to ApiError. Bodiless statuses pass unchanged.
 */
export async function bufferResponse(
  response: Response,
  method: string,
  signal: AbortSignal,
): Promise<Response> {
  const { status } = response;
  if (status === 204 || status === 205 || status === 304 || method === "HEAD") return response;
  const text = await readBodyText(
    response,
    response.ok ? Number.POSITIVE_INFINITY : MAX_ERROR_BODY_BYTES,
    signal,
  );
  if (response.ok) return rebuild(response, text);
  const parsed = parseJson(text);
  if (parsed.ok && isApiError(parsed.value)) return rebuild(response, text);
  const error: ApiError = {
    error: status,
    errorCode: UNRECOGNIZED_ERROR_BODY,
    detail: text.trim() === "" ? "(empty body)" : text.slice(0, MAX_DETAIL),
  };
  if (response.statusText) error.reason = response.statusText;
  return rebuild(response, JSON.stringify(error), "application/json");
}

/**
 * For `parseAs: "json"` (openapi-fetch's default): a success body that is empty or not JSON
 * throws AtlasResponseError naming the call, instead of openapi-fetch's bare SyntaxError or
 * `data: undefined`.
 */
export function checkJsonSuccess(response: Response, request: Request): void {
  const text = bodyTexts.get(response);
  if (text === undefined || !response.ok) return;
  const problem =
    text.trim() === "" ? "an empty body" : parseJson(text).ok ? undefined : "a body that is not JSON";
  if (problem) {
    throw new AtlasResponseError(request.method, new URL(request.url).pathname, response.status, problem);
  }
}
