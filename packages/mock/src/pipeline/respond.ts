import { type ApiError, apiError } from "../atlas/api-error.js";

export type HeaderValues = Readonly<Record<string, string | number | readonly string[]>>;

/** What the pipeline answers: status, headers and the serialized body. */
export interface MockResponse {
  readonly status: number;
  readonly headers: HeaderValues;
  readonly body: string | Uint8Array | undefined;
  /** Headers exactly as an upstream sent them (`[name, value, …]`), sent instead of `headers`. */
  readonly rawHeaders?: readonly string[];
  /**
   * Close the connection after answering, without reading what is left of the request body: an
   * oversized, late or unauthenticated body is never read to its end.
   */
  readonly close?: boolean;
  /** No answer at all: destroy the connection (`reset`) or hold it unanswered (`timeout`). */
  readonly fault?: "reset" | "timeout";
}

/** JSON, indented under `?pretty=true` (Atlas's flag), on every body the mock writes. */
export function serializeJson(body: unknown, pretty: boolean): string {
  return pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
}

export function errorResponse(
  error: ApiError,
  options: { headers?: HeaderValues; pretty?: boolean; close?: boolean } = {},
): MockResponse {
  return {
    status: error.error,
    headers: { ...options.headers, "Content-Type": "application/json" },
    body: serializeJson(error, options.pretty ?? false),
    close: options.close,
  };
}

/** An `ApiError` answer in one call. */
export function fail(
  status: number,
  errorCode: string,
  detail: string,
  options: { headers?: HeaderValues; pretty?: boolean; close?: boolean } = {},
): MockResponse {
  return errorResponse(apiError(status, errorCode, detail), options);
}
