/**
 * Builds openapi-fetch's client for the spec's operations, configured through openapi-fetch's own
 * seams: `fetch` (Digest, deadline, 429 retry: ./atlas-fetch.ts), `Request` (keeps the serialized
 * body: ./request.ts), `pathSerializer` (./path.ts) and one middleware (./middleware.ts).
 */
import { createDigestSigner } from "@atlas-admin/digest/client";
import type { paths } from "@atlas-admin/types";
import createClient, { type HeadersOptions } from "openapi-fetch";
import { type Authenticate, createAtlasFetch, type FetchFn } from "./atlas-fetch.js";
import type { AtlasAdminClient } from "./client-type.js";
import { atlasMiddleware } from "./middleware.js";
import { createBearerAuthenticate } from "./oauth/bearer.js";
import { createTokenSource, type TokenSource } from "./oauth/token-source.js";
import { checkBaseUrl, checkCredentials, checkFetch, checkTimeout, checkUrl } from "./options.js";
import { safePathSerializer } from "./path.js";
import { AtlasRequest } from "./request.js";
import { type RetryOptions, resolveRetry } from "./retry.js";

/** Atlas Administration API v1.0 (MongoDB's API reference). */
export const DEFAULT_BASE_URL = "https://cloud.mongodb.com/api/atlas/v1.0";
/** Default limit for one whole call, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** An API key: HTTP Digest (RFC 7616) with the public key as username. */
export interface ApiKeyCredentials {
  /** The API key's public key (Digest username). */
  publicKey: string;
  /** The API key's private key (Digest password). Held in a closure; never in errors or logs. */
  privateKey: string;
  clientId?: never;
  clientSecret?: never;
  tokenUrl?: never;
  revokeUrl?: never;
}

/** A service account: OAuth 2.0 client credentials, then `Authorization: Bearer` (RFC 6749 §4.4). */
export interface ServiceAccountCredentials {
  /** The service account's client id (`mdb_sa_id_…`). */
  clientId: string;
  /** Its client secret. Held in a closure; never in errors or logs. */
  clientSecret: string;
  /** Token endpoint. Default: `/api/oauth/token` at `baseUrl`'s origin (`https://cloud.mongodb.com/api/oauth/token`). */
  tokenUrl?: string;
  /** Revocation endpoint. Default: `/api/oauth/revoke` at `baseUrl`'s origin. */
  revokeUrl?: string;
  publicKey?: never;
  privateKey?: never;
}

/** What both kinds of client take beside their credentials. */
export interface AtlasAdminClientSettings {
  /** Default `https://cloud.mongodb.com/api/atlas/v1.0`. No query string or fragment. */
  baseUrl?: string;
  /** Transport under authentication and retry, called with a Request. Default: `globalThis.fetch`, looked up at each send. */
  fetch?: FetchFn;
  /** Limit for a whole call (authentication round trips, 429 waits, body), in ms. Default 30 000; `Infinity` disables. */
  timeoutMs?: number;
  /** 429 handling. Default `{ attempts: 3, maxDelayMs: 30_000 }`; `false` disables it. */
  retry?: false | RetryOptions;
  /** Headers added to every request (e.g. `User-Agent`). */
  headers?: HeadersOptions;
}

/** Exactly one pair of credentials, API key or service account, and the settings. */
export type AtlasAdminClientOptions = AtlasAdminClientSettings &
  (ApiKeyCredentials | ServiceAccountCredentials);

/** A client that authenticates with a service account: the typed client plus token revocation. */
export interface AtlasServiceAccountClient extends AtlasAdminClient {
  /**
   * Revokes the client's current access token at the revocation endpoint (RFC 7009) and forgets
   * it; the next call gets a new one. Call it when a process is done with the client: Atlas keeps
   * at most 100 active tokens per service account, and a token otherwise stays active for its hour.
   * Resolves at once when there is no token. Rejects with AtlasTokenError when the endpoint refuses.
   */
  revokeToken(): Promise<void>;
}

/**
 * The typed client: `atlas.POST("/orgs/{orgId}/apiKeys", { params, body })` resolves to
 * `{ data, error, response }` as openapi-fetch's does; `use()` adds middleware. With
 * `{ clientId, clientSecret }` it also has `revokeToken()`.
 * @throws TypeError or RangeError (naming the option, never a credential) for invalid options,
 *   including both pairs of credentials or neither.
 */
export function createAtlasAdminClient(
  options: AtlasAdminClientSettings & ServiceAccountCredentials,
): AtlasServiceAccountClient;
export function createAtlasAdminClient(
  options: AtlasAdminClientSettings & ApiKeyCredentials,
): AtlasAdminClient;
export function createAtlasAdminClient(options: AtlasAdminClientOptions): AtlasAdminClient;
export function createAtlasAdminClient(
  options: AtlasAdminClientOptions,
): AtlasAdminClient | AtlasServiceAccountClient {
  const { baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const kind = checkCredentials(options);
  checkBaseUrl(baseUrl);
  checkTimeout(timeoutMs);
  checkFetch(options.fetch);
  const retry = resolveRetry(options.retry);
  let tokens: TokenSource | undefined;
  let authenticate: Authenticate;
  if (kind === "service account") {
    const { clientId, clientSecret } = options as ServiceAccountCredentials;
    const tokenUrl = checkUrl("tokenUrl", options.tokenUrl ?? new URL("/api/oauth/token", baseUrl).href);
    const revokeUrl = checkUrl("revokeUrl", options.revokeUrl ?? new URL("/api/oauth/revoke", baseUrl).href);
    tokens = createTokenSource({
      clientId,
      clientSecret,
      tokenUrl,
      revokeUrl,
      fetch: options.fetch,
      timeoutMs,
      retry,
    });
    authenticate = createBearerAuthenticate(tokens);
  } else {
    const { publicKey, privateKey } = options as ApiKeyCredentials;
    authenticate = createDigestSigner({ username: publicKey, password: privateKey });
  }
  const fetch = createAtlasFetch({ authenticate, fetch: options.fetch, timeoutMs, retry });
  const client = createClient<paths>({
    baseUrl,
    headers: options.headers,
    fetch,
    Request: AtlasRequest,
    pathSerializer: safePathSerializer,
  });
  // openapi-fetch keeps baseUrl without one trailing slash; the middleware compares with that.
  client.use(atlasMiddleware(fetch, baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl));
  if (tokens === undefined) return client as AtlasAdminClient;
  const revokeToken = tokens.revoke;
  return Object.assign(client as AtlasAdminClient, { revokeToken });
}
