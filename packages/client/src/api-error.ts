/**
 * `error` is always an ApiError: an Atlas error body is returned as openapi-fetch parsed it; a
 * body that is not Atlas's ApiError JSON (an HTML page from a proxy, plain text, nothing) becomes
 * `{ error: status, errorCode: "UNRECOGNIZED_ERROR_BODY", reason: statusText, detail }` with the
 * text in `detail`. The transport has already redacted the body (./atlas-fetch.ts).
 */
import type { ApiError } from "@atlas-admin/types";
import type { LiteralOf } from "./client-type.js";

export const UNRECOGNIZED_ERROR_BODY = "UNRECOGNIZED_ERROR_BODY";
const MAX_DETAIL = 1000;

/** Whether `value` has the two required fields of Atlas's ApiError. */
export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ApiError).error === "number" &&
    typeof (value as ApiError).errorCode === "string"
  );
}

/** `parsed` is openapi-fetch's `error`: the parsed JSON, the text when it is not JSON, or undefined. */
export function toApiError(parsed: unknown, response: Response): ApiError {
  if (isApiError(parsed)) return parsed;
  const text = parsed === undefined ? "" : typeof parsed === "string" ? parsed : JSON.stringify(parsed);
  const error: ApiError = {
    error: response.status,
    errorCode: UNRECOGNIZED_ERROR_BODY,
    detail: text.trim() === "" ? "(empty body)" : text.slice(0, MAX_DETAIL),
  };
  if (response.statusText) error.reason = response.statusText;
  return error;
}

/**
 * Whether a call's `error` has this `errorCode`. The type of `code` is the codes the operation's
 * spec documents (`DocumentedErrorCodes`), so `isAtlasError(error, "INVALID_ATRIBUTE")` does not
 * compile; `error` is narrowed to that code.
 */
export function isAtlasError<E extends { errorCode: string }, C extends LiteralOf<E["errorCode"]>>(
  error: E | undefined,
  code: C,
): error is E & { errorCode: C } {
  return error !== undefined && error.errorCode === code;
}
