/**
 * The `WWW-Authenticate` value Atlas sends, in Atlas's parameter order and quoting:
 * `Digest realm="MMS Public API", domain="", nonce="…", algorithm=MD5, qop="auth", stale=false`.
 */
export function digestChallenge(realm: string, nonce: string, stale: boolean): string {
  return `Digest realm="${quote(realm)}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`;
}

function quote(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}
