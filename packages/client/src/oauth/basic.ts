/**
 * HTTP Basic credentials for the token and revocation endpoints, as Atlas expects them:
 * base64 of the UTF-8 bytes of `clientId:clientSecret`, *not* form-urlencoded first (RFC 7617
 * §2; RFC 6749 §2.3.1 asks for form-urlencoding, which Atlas does not undo: service-account ids
 * like `mdb_sa_id_…` would reach it as `mdb%5Fsa%5Fid…`). MongoDB's own sample:
 * `printf '%s' "${CLIENT_ID}:${CLIENT_SECRET}" | base64`.
 */
import type { Authenticate } from "../atlas-fetch.js";
import { base64Utf8 } from "../redact.js";

/** The transport's authentication for token and revocation requests: one send with Basic credentials. */
export function createBasicAuthenticate(clientId: string, clientSecret: string): Authenticate {
  const authorization = `Basic ${base64Utf8(`${clientId}:${clientSecret}`)}`;
  return (_method, _url, _signal, send) => send(authorization);
}
