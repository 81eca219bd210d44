/** The HTTP side of POST /api/oauth/token and POST /api/oauth/revoke, as Atlas serves them. */
import type { IncomingHttpHeaders } from "node:http";
import type { HeaderValues } from "../http/send.js";
import type { TokenIssuer } from "./token-issuer.js";

export const TOKEN_PATH = "/api/oauth/token";
export const REVOKE_PATH = "/api/oauth/revoke";

export interface OAuthAnswer {
  readonly status: number;
  readonly headers: HeaderValues;
  readonly body: string | undefined;
}

/** Whether `pathname` is one of the two endpoints. */
export const isOAuthPath = (pathname: string): boolean => pathname === TOKEN_PATH || pathname === REVOKE_PATH;

/**
 * Answers one request to an endpoint; `body` is the request body as read (text for a form).
 * Only POST is allowed; the parameters must be `application/x-www-form-urlencoded` (RFC 6749 §4.4.2).
 */
export async function answerOAuth(
  tokens: TokenIssuer,
  method: string,
  pathname: string,
  headers: IncomingHttpHeaders,
  body: unknown,
): Promise<OAuthAnswer> {
  if (method !== "POST") {
    return json(
      405,
      { error: "invalid_request", error_description: `Use POST for ${pathname}.` },
      { Allow: "POST" },
    );
  }
  const isForm = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(headers["content-type"] ?? "");
  const form = isForm ? new URLSearchParams(typeof body === "string" ? body : "") : undefined;
  const answer =
    pathname === TOKEN_PATH
      ? await tokens.token(headers.authorization, form)
      : await tokens.revoke(headers.authorization, form);
  const extra = "headers" in answer && answer.headers ? answer.headers : {};
  return answer.body === undefined
    ? { status: answer.status, headers: { ...extra, "Cache-Control": "no-store" }, body: undefined }
    : json(answer.status, answer.body, { ...extra, "Cache-Control": "no-store" });
}

function json(status: number, body: unknown, headers: HeaderValues = {}): OAuthAnswer {
  return { status, headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body) };
}
