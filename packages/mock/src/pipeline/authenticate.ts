/**
 * Who may call the API: a Digest signature (API key) or a service account's Bearer token, either
 * one, as MongoDB's v1.0 description declares (`security: [{ServiceAccounts: []}, {DigestAuth: []}]`).
 */
import type { IncomingHttpHeaders } from "node:http";
import { parseAuthHeader } from "@atlas-admin/digest";
import type { DigestResult, DigestVerifier } from "@atlas-admin/digest/server";
import type { TokenIssuer } from "../oauth/token-issuer.js";

/** The verifier's answer, or a 400: Digest credentials whose `uri` is not this request's target. */
export type AuthResult = DigestResult | { readonly ok: false; readonly badRequest: string };

export function createAuthenticator(verifier: DigestVerifier, tokens: TokenIssuer) {
  return async (method: string, target: string, headers: IncomingHttpHeaders): Promise<AuthResult> => {
    const { authorization } = headers;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (bearer?.[1] === undefined && !/^Bearer\b/i.test(authorization ?? "")) {
      const result = await verifier.verify(method, target, authorization);
      // The verifier refuses a `uri` that is not the target (a 401) and takes an absolute one naming
      // any host: both are a 400 here. Credentials are parsed again only in those two cases.
      const suspect = result.ok ? /uri="?https?:/i.test(authorization ?? "") : authorization !== undefined;
      const uri = suspect ? digestUri(authorization) : undefined;
      if (uri !== undefined && !namesTarget(uri, target, headers.host))
        return {
          ok: false,
          badRequest:
            "The Digest uri is not the request target (RFC 7616 §3.4.6): sign the path and query you send.",
        };
      return result;
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

/** The `uri` of Digest credentials, if they are Digest credentials that carry one. */
function digestUri(authorization: string | undefined): string | undefined {
  if (authorization === undefined || !/^Digest\s/i.test(authorization)) return undefined;
  try {
    const [credentials] = parseAuthHeader(authorization);
    return credentials?.params.uri;
  } catch {
    return undefined; // malformed: the verifier refuses it with its reason
  }
}

/** Whether a Digest `uri` is the request target: the same, or in absolute form naming this host. */
function namesTarget(uri: string, target: string, host: string | undefined): boolean {
  if (uri === target) return true;
  if (!/^https?:\/\//i.test(uri)) return false;
  try {
    const url = new URL(uri);
    return url.host.toLowerCase() === host?.toLowerCase() && url.pathname + url.search === target;
  } catch {
    return false;
  }
}
