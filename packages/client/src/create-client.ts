/**
 * Builds openapi-fetch's client for the spec's operations, configured through openapi-fetch's own
 * seams: `fetch` (Digest, deadline, 429 retry: ./atlas-fetch.ts), `Request` (keeps the serialized
 * body: ./request.ts), `pathSerializer` (./path.ts) and one middleware (./middleware.ts).
 */
import { createDigestSigner } from "@atlas-admin/digest/client";
import createClient, { type HeadersOptions } from "openapi-fetch";
import { createAtlasFetch, type FetchFn } from "./atlas-fetch.js";
import type { AtlasAdminClient } from "./client-type.js";
import type { paths } from "./generated/atlas-admin.gen.js";
import { atlasMiddleware } from "./middleware.js";
import { checkBaseUrl, checkCredentials, checkFetch, checkTimeout } from "./options.js";
import { safePathSerializer } from "./path.js";
import { AtlasRequest } from "./request.js";
import { type RetryOptions, resolveRetry } from "./retry.js";

/** Atlas Administration API v1.0 (MongoDB's API reference). */
export const DEFAULT_BASE_URL = "https://cloud.mongodb.com/api/atlas/v1.0";
/** Default limit for one whole call, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AtlasAdminClientOptions {
  /** The API key's public key (Digest username). */
  publicKey: string;
  /** The API key's private key (Digest password). Held in a closure; never in errors or logs. */
  privateKey: string;
  /** Default `https://cloud.mongodb.com/api/atlas/v1.0`. No query string or fragment. */
  baseUrl?: string;
  /** Transport under Digest and retry, called with a Request. Default: `globalThis.fetch`, looked up at each send. */
  fetch?: FetchFn;
  /** Limit for a whole call (Digest round trips, 429 waits, body), in ms. Default 30 000; `Infinity` disables. */
  timeoutMs?: number;
  /** 429 handling. Default `{ attempts: 3, maxDelayMs: 30_000 }`; `false` disables it. */
  retry?: false | RetryOptions;
  /** Headers added to every request (e.g. `User-Agent`). */
  headers?: HeadersOptions;
}

/**
 * The typed client: `atlas.POST("/orgs/{orgId}/apiKeys", { params, body })` resolves to
 * `{ data, error, response }` as openapi-fetch's does; `use()` adds middleware.
 * @throws TypeError or RangeError (naming the option, never a credential) for invalid options.
 */
export function createAtlasAdminClient(options: AtlasAdminClientOptions): AtlasAdminClient {
  const { publicKey, privateKey, baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  checkCredentials(publicKey, privateKey);
  checkBaseUrl(baseUrl);
  checkTimeout(timeoutMs);
  checkFetch(options.fetch);
  const fetch = createAtlasFetch({
    sign: createDigestSigner({ username: publicKey, password: privateKey }),
    fetch: options.fetch,
    timeoutMs,
    retry: resolveRetry(options.retry),
  });
  const client = createClient<paths>({
    baseUrl,
    headers: options.headers,
    fetch,
    Request: AtlasRequest,
    pathSerializer: safePathSerializer,
  });
  client.use(atlasMiddleware(fetch));
  return client as AtlasAdminClient;
}
