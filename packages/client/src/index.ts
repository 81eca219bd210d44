/** Public exports of @atlas-admin/client. */

export * from "@atlas-admin/types";
export { isAtlasError, UNRECOGNIZED_ERROR_BODY } from "./api-error.js";
export type { FetchFn } from "./atlas-fetch.js";
export { DEFAULT_MAX_BODY_BYTES } from "./body.js";
export type {
  AtlasAdminClient,
  AtlasApiError,
  ErrorCodeOf,
  NotPerCall,
  PageItem,
  PaginatedPath,
  PaginateInit,
} from "./client-type.js";
export {
  type ApiKeyCredentials,
  type AtlasAdminClientOptions,
  type AtlasAdminClientSettings,
  type AtlasServiceAccountClient,
  createAtlasAdminClient,
  DEFAULT_BASE_URL,
  type ServiceAccountCredentials,
} from "./create-client.js";
export { createDigestFetch, type DigestFetchOptions } from "./digest-fetch.js";
export {
  AtlasBodyTooLargeError,
  AtlasDigestError,
  AtlasError,
  AtlasNetworkError,
  AtlasPageError,
  AtlasParameterError,
  AtlasResponseError,
  AtlasTimeoutError,
  AtlasTokenError,
} from "./errors.js";
export { fileTokenCache } from "./file-token-cache.js";
export type { Logger, LogLevel } from "./log.js";
export { DEFAULT_REFRESH_MARGIN_MS } from "./oauth/token-source.js";
export { DEFAULT_TIMEOUT_MS, type TransportSettings } from "./options.js";
export { DEFAULT_ITEMS_PER_PAGE } from "./paginate.js";
export { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
export { FILE_CACHE_WAIT_MS, FILE_LOCK_STALE_MS, type StoredToken, type TokenCache } from "./token-cache.js";
