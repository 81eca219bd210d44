/**
 * HTTP Basic credentials for the token and revocation endpoints, as Atlas expects them:
 * base64 of the UTF-8 bytes of `clientId:clientSecret`, *not* form-urlencoded first (RFC 7617
 * §2; RFC 6749 §2.3.1 asks for form-urlencoding, which Atlas does not undo: service-account ids
 * like `mdb_sa_id_…` would reach it as `mdb%5Fsa%5Fid…`). MongoDB's own sample:
 * `printf '%s' "${CLIENT_ID}:${CLIENT_SECRET}" | base64`.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(`${clientId}:${clientSecret}`))
    binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
