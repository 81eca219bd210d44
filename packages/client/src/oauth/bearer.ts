/**
 * Sends a call with the service account's token (`Authorization: Bearer`, RFC 6750 §2.1). A 401
 * to a token that was accepted before (revoked, expired early, a restarted server) gets one new
 * token and one more send, as ./token-source.ts allows; a 401 to a token never accepted is
 * returned as the answer. Never a loop, and never a Digest handshake.
 */
import type { Authenticate } from "../atlas-fetch.js";
import type { TokenSource } from "./token-source.js";

export function createBearerAuthenticate(tokens: TokenSource): Authenticate {
  return async (_method, _url, signal, send, note) => {
    const token = await tokens.get(signal);
    const response = await send(`Bearer ${token.value}`);
    if (response.status !== 401) {
      token.accepted = true;
      return response;
    }
    const fresh = await tokens.replace(token, signal);
    if (fresh === undefined || fresh === token) return response;
    await response.body?.cancel().catch(() => {});
    note?.("access token refused; sending again with a new one (the refused one is revoked)");
    const retried = await send(`Bearer ${fresh.value}`);
    if (retried.status !== 401) fresh.accepted = true;
    return retried;
  };
}
