import type { ServerResponse } from "node:http";
import type { ApiError } from "../errors/api-error-response.js";

export type HeaderValues = Readonly<Record<string, string | number | readonly string[]>>;

export function sendBody(
  res: ServerResponse,
  status: number,
  headers: HeaderValues,
  body: string | undefined,
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.writeHead(status).end(body);
}

export function sendApiError(
  res: ServerResponse,
  error: ApiError,
  headers: HeaderValues = {},
  pretty = false,
): void {
  sendBody(
    res,
    error.error,
    { ...headers, "Content-Type": "application/json" },
    serializeJson(error, pretty),
  );
}

/** JSON, indented under `?pretty=true` (Atlas's flag), on every body the mock writes. */
export function serializeJson(body: unknown, pretty: boolean): string {
  return pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
}

/**
 * Whether the query asks for `pretty=true` (the spec's `pretty` is a boolean: `true` or `false`;
 * anything else, an empty value included, is answered with a 400).
 */
export function wantsPretty(query: URLSearchParams | string): boolean {
  const params =
    typeof query === "string" ? new URLSearchParams(new URL(query, "http://mock.invalid").search) : query;
  return params.get("pretty") === "true";
}
