/**
 * Builds openapi-fetch's client for the spec's operations, extended at its own seams only: `fetch`
 * (the transport: authentication, deadline, 429 retry, body limit, failure naming:
 * ./atlas-fetch.ts), `pathSerializer` (./path.ts), `Request` and one middleware (./seams.ts); and
 * `paginate`, which walks a paginated operation with the client's own GET (./paginate.ts).
 */
import { createDigestSigner } from "@atlas-admin/digest/client";
import type { paths } from "@atlas-admin/types";
import createClient, { type HeadersOptions } from "openapi-fetch";
import { type Authenticate, createAtlasFetch } from "./atlas-fetch.js";
import { MAX_TOKEN_BODY_BYTES } from "./body.js";
import type { AtlasAdminClient } from "./client-type.js";
import { createLog, type Logger, type LogLevel } from "./log.js";
import { createBasicAuthenticate } from "./oauth/basic.js";
import { createBearerAuthenticate } from "./oauth/bearer.js";
import { createTokenSource, type TokenSource } from "./oauth/token-source.js";
import {
  checkBaseUrl,
  checkCredentials,
  checkTokenCache,
  checkUrl,
  expectOption,
  resolveSettings,
  type TransportSettings,
} from "./options.js";
import { createPaginate } from "./paginate.js";
import { safePathSerializer } from "./path.js";
import { createRedactor } from "./redact.js";
import { AtlasRequest, createGuard } from "./seams.js";
import type { TokenCache } from "./token-cache.js";

/** Atlas Administration API v1.0 (MongoDB's API reference). */
export const DEFAULT_BASE_URL = "https://cloud.mongodb.com/api/atlas/v1.0";

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
  tokenCache?: never;
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
  /**
   * Where the access token is shared with other processes (e.g. `fileTokenCache(path)`), keyed by
   * the token endpoint's origin and `clientId`, never by the secret. Default: none, the token
   * lives in this client. Use it when many short processes use one service account within an
   * hour: Atlas allows 10 token requests a minute and 100 active tokens per service account.
   */
  tokenCache?: TokenCache;
  publicKey?: never;
  privateKey?: never;
}

/** What both kinds of client take beside their credentials. */
export interface AtlasAdminClientSettings extends TransportSettings {
  /** Default `https://cloud.mongodb.com/api/atlas/v1.0`. No query string or fragment. */
  baseUrl?: string;
  /** Headers added to every request (e.g. `User-Agent`). */
  headers?: HeadersOptions;
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
  given: AtlasAdminClientOptions,
): AtlasAdminClient | AtlasServiceAccountClient {
  const options: AtlasAdminClientOptions = Object(given);
  const { baseUrl = DEFAULT_BASE_URL, headers } = options;
  // The secret, and its Basic form with the id: never in a message or a log line.
  const { service, id, secret } = checkCredentials(options);
  checkBaseUrl(baseUrl);
  const { maxBodyBytes, ...settings } = resolveSettings(options);
  expectOption(
    headers === undefined || (typeof headers === "object" && headers !== null),
    "headers",
    "an object, an array of pairs or a Headers",
    headers,
  );
  const redactor = createRedactor([secret], [[id, secret]]);
  const { redact } = redactor;
  const log = createLog(options.logger, options.logLevel, redact);
  const transport = { ...settings, redact, log };
  let tokens: TokenSource | undefined;
  let authenticate: Authenticate;
  if (service) {
    const { tokenCache, tokenUrl, revokeUrl } = options as ServiceAccountCredentials;
    checkTokenCache(tokenCache);
    tokens = createTokenSource({
      clientId: id,
      tokenUrl: checkUrl("tokenUrl", tokenUrl ?? new URL("/api/oauth/token", baseUrl).href),
      revokeUrl: checkUrl("revokeUrl", revokeUrl ?? new URL("/api/oauth/revoke", baseUrl).href),
      // Token and revocation requests take the same transport as API calls, with Basic credentials.
      fetch: createAtlasFetch({
        ...transport,
        authenticate: createBasicAuthenticate(id, secret),
        maxBodyBytes: MAX_TOKEN_BODY_BYTES,
      }),
      cache: tokenCache,
      redactor,
      log,
    });
    authenticate = createBearerAuthenticate(tokens);
  } else {
    authenticate = createDigestSigner({ username: id, password: secret });
  }
  const fetch = createAtlasFetch({ ...transport, authenticate, maxBodyBytes });
  const client = createClient<paths>({
    baseUrl,
    headers,
    fetch,
    pathSerializer: safePathSerializer,
    Request: AtlasRequest,
  });
  client.use(createGuard({ fetch, pathSerializer: safePathSerializer, baseUrl }));
  const atlas: AtlasAdminClient = Object.assign(client as AtlasAdminClient, {
    paginate: createPaginate(client),
  });
  return tokens === undefined ? atlas : Object.assign(atlas, { revokeToken: tokens.revoke });
}
