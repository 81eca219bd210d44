/**
 * A standalone fetch with Atlas Digest authentication, for code that does not use the typed
 * client: the same path as the client's calls (./atlas-fetch.ts): deadline, 429 retry, body limit.
 */
import { createDigestSigner } from "@atlas-admin/digest/client";
import { createAtlasFetch, type FetchFn } from "./atlas-fetch.js";
import { DEFAULT_MAX_BODY_BYTES } from "./body.js";
import { DEFAULT_TIMEOUT_MS } from "./create-client.js";
import { checkFetch, checkMaxBodyBytes, checkTimeout, resolveRetry } from "./options.js";
import { createRedactor } from "./redact.js";
import type { RetryOptions } from "./retry.js";

export interface DigestFetchOptions {
  /** Digest username: the Atlas API key's public key. */
  publicKey: string;
  /** Digest password: the Atlas API key's private key. Kept in a closure, never exposed. */
  privateKey: string;
  /** Transport under the Digest layer; defaults to `globalThis.fetch` at call time. */
  fetch?: FetchFn;
  /** Limit for a whole call, in ms. Default 30 000; `Infinity` disables. */
  timeoutMs?: number;
  /** 429 handling. Default `{ attempts: 3, maxDelayMs: 30_000 }`; `false` disables it. */
  retry?: false | RetryOptions;
  /** Longest success body read, in bytes. Default 16 MiB. */
  maxBodyBytes?: number;
}

/**
 * `fetch(input, init)` that signs with HTTP Digest (RFC 7616), keeping the nonce between calls
 * (one round trip per call after the first), under the client's deadline, 429 retry and body
 * limit. Rejects as the client's calls do (AtlasTimeoutError, AtlasNetworkError, AtlasDigestError…);
 * the response body fails with AtlasBodyTooLargeError past `maxBodyBytes`.
 */
export function createDigestFetch(
  options: DigestFetchOptions,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  const {
    publicKey,
    privateKey,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  } = options;
  checkTimeout(timeoutMs);
  checkFetch(options.fetch);
  checkMaxBodyBytes(maxBodyBytes);
  const fetch = createAtlasFetch({
    authenticate: createDigestSigner({ username: publicKey, password: privateKey }),
    fetch: options.fetch,
    timeoutMs,
    retry: resolveRetry(options.retry),
    maxBodyBytes,
    redact: createRedactor([privateKey], [[publicKey, privateKey]]).redact,
    log: undefined,
  });
  return (input, init) => fetch(new Request(input, init));
}
