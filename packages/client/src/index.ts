/** Public exports of @atlas-admin/client. */

export type * from "@atlas-admin/types";
export type { FetchFn } from "./atlas-fetch.js";
export type { AtlasAdminClient, NotPerCall } from "./client-type.js";
export {
  type ApiKeyCredentials,
  type AtlasAdminClientOptions,
  type AtlasAdminClientSettings,
  type AtlasServiceAccountClient,
  createAtlasAdminClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type ServiceAccountCredentials,
} from "./create-client.js";
export { createDigestFetch, type DigestFetchOptions } from "./digest-fetch.js";
export {
  AtlasDigestError,
  AtlasError,
  AtlasNetworkError,
  AtlasParameterError,
  AtlasResponseError,
  AtlasTimeoutError,
  AtlasTokenError,
} from "./errors.js";
export { DEFAULT_REFRESH_MARGIN_MS } from "./oauth/token-source.js";
export { UNRECOGNIZED_ERROR_BODY } from "./response.js";
export { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
