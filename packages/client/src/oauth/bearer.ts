/**
 * Sends a call with the service account's token (`Authorization: Bearer`, RFC 6750 §2.1). A 401
 * to a token the client believed valid (revoked, expired early, a restarted server) gets one new
 * token and one more send: never a loop, and never a Digest handshake.
 */
import type { Authenticate } from "../atlas-fetch.js";
import type { TokenSource } from "./token-source.js";

export function createBearerAuthenticate(tokens: TokenSource): Authenticate {
  return async (_method, _url, signal, send) => {
    const token = await tokens.get(signal);
    const response = await send(`Bearer ${token.value}`);
    if (response.status !== 401) return response;
    tokens.invalidate(token);
    await response.body?.cancel().catch(() => {});
    const fresh = await tokens.get(signal);
    return send(`Bearer ${fresh.value}`);
  };
}
