/**
 * Who may call the API: a Digest signature (API key) or a service account's Bearer token, either
 * one, as MongoDB's v1.0 description declares (`security: [{ServiceAccounts: []}, {DigestAuth: []}]`).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { DigestResult, DigestVerifier } from "@atlas-admin/digest/server";
import type { TokenIssuer } from "../oauth/token-issuer.js";

/**
 * The verifier's answer: a refusal's `status` is 400 for Digest credentials whose `uri` is not this
 * request's target (RFC 7616 §3.4.6), else 401.
 */
export type AuthResult = DigestResult;

export function createAuthenticator(verifier: DigestVerifier, tokens: TokenIssuer) {
  /** `origin` is where the request came to (`http://127.0.0.1:4010`), for a Digest `uri` in absolute form. */
  return async (
    method: string,
    target: string,
    headers: IncomingHttpHeaders,
    origin: string | undefined,
  ): Promise<AuthResult> => {
    const { authorization } = headers;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (bearer?.[1] === undefined && !/^Bearer\b/i.test(authorization ?? "")) {
      return verifier.verify(method, target, authorization, origin);
    }
    const check =
      bearer?.[1] === undefined
        ? { ok: false as const, reason: "Malformed Bearer credentials." }
        : await tokens.check(bearer[1]);
    if (check.ok) return { ok: true };
    // Atlas's 401 carries its Digest challenge whatever was sent; the reason is safe to show.
    return {
      ok: false,
      status: 401,
      challenge: verifier.challenge(),
      reason: check.reason,
      hint: check.reason,
    };
  };
}
