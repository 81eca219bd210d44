/**
 * Who may call the API: a Digest signature (API key) or a service account's Bearer token, either
 * one, as MongoDB's v1.0 description declares (`security: [{ServiceAccounts: []}, {DigestAuth: []}]`).
 */
import type { DigestResult, DigestVerifier } from "@atlas-admin/digest/server";
import type { TokenIssuer } from "../oauth/token-issuer.js";

export type AuthResult = DigestResult;

export function createAuthenticator(verifier: DigestVerifier, tokens: TokenIssuer) {
  return async (method: string, target: string, authorization: string | undefined): Promise<AuthResult> => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (bearer?.[1] === undefined && !/^Bearer\b/i.test(authorization ?? "")) {
      return verifier.verify(method, target, authorization);
    }
    const check =
      bearer?.[1] === undefined
        ? { ok: false as const, reason: "Malformed Bearer credentials." }
        : await tokens.check(bearer[1]);
    if (check.ok) return { ok: true };
    // Atlas's 401 carries its Digest challenge whatever was sent; the reason is safe to show.
    return { ok: false, challenge: verifier.challenge(), reason: check.reason, hint: check.reason };
  };
}
