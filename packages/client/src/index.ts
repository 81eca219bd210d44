/** Public exports of @atlas-admin/client. */
export type { FetchFn } from "./atlas-fetch.js";
export type { AtlasAdminClient, NotPerCall } from "./client-type.js";
export {
  type AtlasAdminClientOptions,
  createAtlasAdminClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
} from "./create-client.js";
export { createDigestFetch, type DigestFetchOptions } from "./digest-fetch.js";
export {
  AtlasDigestError,
  AtlasError,
  AtlasNetworkError,
  AtlasParameterError,
  AtlasResponseError,
  AtlasTimeoutError,
} from "./errors.js";
export { UNRECOGNIZED_ERROR_BODY } from "./response.js";
export { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
export type * from "./types.js";
