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

export function sendApiError(res: ServerResponse, error: ApiError, headers: HeaderValues = {}): void {
  sendBody(res, error.error, { ...headers, "Content-Type": "application/json" }, JSON.stringify(error));
}
