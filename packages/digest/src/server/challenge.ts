/** Writes a server's Digest challenge (RFC 7616 §3.3). */
import { quote } from "../auth-params.js";
import type { DigestAlgorithm } from "../hash.js";

/**
 * The `WWW-Authenticate` value in Atlas's parameter order and quoting:
 * `Digest realm="MMS Public API", domain="", nonce="…", algorithm=MD5, qop="auth", stale=false`
 * (MongoDB's API reference, 401 response headers).
 */
export function formatDigestChallenge(
  realm: string,
  nonce: string,
  stale: boolean,
  algorithm: DigestAlgorithm = "MD5",
): string {
  return `Digest realm=${quote(realm)}, domain="", nonce=${quote(nonce)}, algorithm=${algorithm}, qop="auth", stale=${stale}`;
}
