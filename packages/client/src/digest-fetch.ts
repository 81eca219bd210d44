/**
 * A standalone fetch with Atlas Digest authentication, for code that does not use the typed
 * client: the same path as the client's calls (./atlas-fetch.ts): deadline, 429 retry, body limit.
 */
import { createDigestSigner } from "@atlas-admin/digest/client";
import { createAtlasFetch } from "./atlas-fetch.js";
import { checkCredentials, resolveSettings, type TransportSettings } from "./options.js";
import { createRedactor } from "./redact.js";

export interface DigestFetchOptions extends TransportSettings {
  /** Digest username: the Atlas API key's public key. */
  publicKey: string;
  /** Digest password: the Atlas API key's private key. Kept in a closure, never exposed. */
  privateKey: string;
}

/**
 * `fetch(input, init)` that signs with HTTP Digest (RFC 7616), keeping the nonce between calls
 * (one round trip per call after the first), under the client's deadline, 429 retry and body
 * limit. Rejects as the client's calls do (AtlasTimeoutError, AtlasNetworkError, AtlasDigestError…);
 * the response body fails with AtlasBodyTooLargeError past `maxBodyBytes`.
 * @throws TypeError unless `publicKey` and `privateKey` are non-empty strings (never quoting
 *   them); TypeError or RangeError for invalid settings, as createAtlasAdminClient.
 */
export function createDigestFetch(
  options: DigestFetchOptions,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  const settings: DigestFetchOptions = Object(options);
  const { publicKey, privateKey } = settings;
  const { id, secret } = checkCredentials({ publicKey, privateKey });
  const fetch = createAtlasFetch({
    ...resolveSettings(settings),
    authenticate: createDigestSigner({ username: id, password: secret }),
    redact: createRedactor([secret], [[id, secret]]).redact,
    log: undefined,
  });
  return (input, init) => fetch(new Request(input, init));
}
