/** The HTTP side of POST /api/oauth/token and POST /api/oauth/revoke, as Atlas serves them. */
import type { IncomingHttpHeaders } from "node:http";
import type { HeaderValues, MockResponse } from "../pipeline/respond.js";
import type { TokenIssuer } from "./token-issuer.js";

export const TOKEN_PATH = "/api/oauth/token";
export const REVOKE_PATH = "/api/oauth/revoke";

/** Whether `pathname` is one of the two endpoints. */
export const isOAuthPath = (pathname: string): boolean => pathname === TOKEN_PATH || pathname === REVOKE_PATH;

/**
 * Answers one request to an endpoint; `body` is the request body as read (text for a form),
 * `source` the peer's address. Only POST is allowed; the parameters must be
 * `application/x-www-form-urlencoded` (RFC 6749 §4.4.2).
 */
export async function answerOAuth(
  tokens: TokenIssuer,
  request: {
    method: string;
    path: string;
    headers: IncomingHttpHeaders;
    body: unknown;
    source: string;
  },
): Promise<MockResponse> {
  const { method, path, headers, body, source } = request;
  if (method !== "POST") {
    return json(
      405,
      { error: "invalid_request", error_description: `Use POST for ${path}.` },
      { Allow: "POST" },
    );
  }
  const isForm = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(headers["content-type"] ?? "");
  const form = isForm ? new URLSearchParams(typeof body === "string" ? body : "") : undefined;
  const answer =
    path === TOKEN_PATH
      ? await tokens.token(headers.authorization, form, source)
      : await tokens.revoke(headers.authorization, form, source);
  const extra = "headers" in answer && answer.headers ? answer.headers : {};
  return answer.body === undefined
    ? { status: answer.status, headers: { ...extra, "Cache-Control": "no-store" }, body: undefined }
    : json(answer.status, answer.body, { ...extra, "Cache-Control": "no-store" });
}

function json(status: number, body: unknown, headers: HeaderValues = {}): MockResponse {
  return { status, headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body) };
}
