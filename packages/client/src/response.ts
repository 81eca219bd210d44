/**
 * Makes response bodies match the generated types. Error bodies that are not Atlas's ApiError JSON
 * (an HTML page from a proxy, plain text, nothing) become an ApiError with
 * `errorCode: "UNRECOGNIZED_ERROR_BODY"` and the raw text in `detail`, so `error` is always an
 * ApiError. A success body that is empty or not JSON throws AtlasResponseError.
 */
import { AtlasResponseError } from "./errors.js";
import type { ApiError } from "./types.js";

export const UNRECOGNIZED_ERROR_BODY = "UNRECOGNIZED_ERROR_BODY";
const MAX_DETAIL = 1000;

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
 * Error bodies become an ApiError (see above); a success body is read (under the call's deadline,
 * by `readText`) and handed back as a new Response. With `parseAs: "json"` success bodies are not
 * passed here: the client reads and checks them itself (parseSuccess).
 */
export async function normalizeResponse(
  response: Response,
  readText: (response: Response) => Promise<string>,
): Promise<Response> {
  if (response.status === 204 || response.status === 205 || response.status === 304) return response;
  const text = await readText(response);
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
