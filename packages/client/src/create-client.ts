/**
 * Builds openapi-fetch's client for the spec's operations, configured through openapi-fetch's own
 * seams: `fetch` (authentication, deadline, 429 retry, body limit: ./atlas-fetch.ts) and
 * `pathSerializer` (./path.ts); each method goes through ./call.ts, and `paginate` walks a
 * paginated operation (./paginate.ts).
 */
import { createDigestSigner } from "@atlas-admin/digest/client";
import type { paths } from "@atlas-admin/types";
import createClient, { type HeadersOptions } from "openapi-fetch";
import { type Authenticate, createAtlasFetch, type FetchFn } from "./atlas-fetch.js";
import { DEFAULT_MAX_BODY_BYTES } from "./body.js";
import { call, type Run } from "./call.js";
import type { AtlasAdminClient } from "./client-type.js";
import { createLog, type Logger, type LogLevel } from "./log.js";
import { createBearerAuthenticate } from "./oauth/bearer.js";
import { createTokenSource, type TokenSource } from "./oauth/token-source.js";
import {
  checkBaseUrl,
  checkCredentials,
  checkFetch,
  checkMaxBodyBytes,
  checkTimeout,
  checkUrl,
} from "./options.js";
import { createPaginate } from "./paginate.js";
import { safePathSerializer } from "./path.js";
import { createRedactor } from "./redact.js";
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
  /** Longest success body read, in bytes; past it the call rejects with AtlasBodyTooLargeError. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Where log lines go (`console` fits). Nothing is logged unless `logLevel` is set too. */
  logger?: Logger;
  /** Least severe level logged: `"debug"` (a line per attempt), `"info"`, `"warn"`, `"error"`. Default `"off"`. */
  logLevel?: LogLevel;
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

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * The typed client: `atlas.POST("/orgs/{orgId}/apiKeys", { params, body })` resolves to
 * `{ data, error, response }` as openapi-fetch's does; `use()` adds middleware; `paginate()`
 * walks a paginated operation. With `{ clientId, clientSecret }` it also has `revokeToken()`.
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
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const kind = checkCredentials(options);
  checkBaseUrl(baseUrl);
  checkTimeout(timeoutMs);
  checkFetch(options.fetch);
  checkMaxBodyBytes(maxBodyBytes);
  const retry = resolveRetry(options.retry);
  let tokens: TokenSource | undefined;
  let authenticate: Authenticate;
  let redactor: ReturnType<typeof createRedactor>;
  if (kind === "service account") {
    const { clientId, clientSecret } = options as ServiceAccountCredentials;
    redactor = createRedactor([clientSecret], [[clientId, clientSecret]]);
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
      redactor,
      log: createLog(options.logger, options.logLevel, redactor.redact),
    });
    authenticate = createBearerAuthenticate(tokens);
  } else {
    const { publicKey, privateKey } = options as ApiKeyCredentials;
    redactor = createRedactor([privateKey], [[publicKey, privateKey]]);
    authenticate = createDigestSigner({ username: publicKey, password: privateKey });
  }
  const { redact } = redactor;
  const log = createLog(options.logger, options.logLevel, redact);
  const fetch = createAtlasFetch({
    authenticate,
    fetch: options.fetch,
    timeoutMs,
    retry,
    maxBodyBytes,
    redact,
    log,
  });
  const client = createClient<paths>({
    baseUrl,
    headers: options.headers,
    fetch,
    pathSerializer: safePathSerializer,
  });
  const context = { redact, timeoutMs };
  const methods = client as unknown as Record<string, Run>;
  for (const method of METHODS) {
    const run = methods[method] as Run;
    methods[method] = (url, init) => call(method, url, init, run, context);
  }
  const request = client.request as unknown as (
    method: string,
    url: string,
    init: unknown,
  ) => ReturnType<Run>;
  (client as unknown as { request: unknown }).request = (
    method: string,
    url: string,
    init?: Record<string, unknown>,
  ) => call(String(method).toUpperCase(), url, init, (u, i) => request(method, u, i), context);
  const atlas = Object.assign(client, { paginate: createPaginate(client as unknown as AtlasAdminClient) });
  if (tokens === undefined) return atlas as unknown as AtlasAdminClient;
  return Object.assign(atlas, { revokeToken: tokens.revoke }) as unknown as AtlasServiceAccountClient;
}
