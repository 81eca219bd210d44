/** Public exports of @atlas-admin/client. */
export {
  type AtlasAdminClient,
  type AtlasAdminClientOptions,
  createAtlasAdminClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
} from "./create-client.js";
export { createDigestFetch, type DigestFetchOptions, type FetchFn } from "./digest/digest-fetch.js";
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
export type {
  ApiError,
  ApiKey,
  CreateApiKeyRequest,
  CreateLinkTokenRequest,
  components,
  Link,
  LinkToken,
  OrganizationRole,
  operations,
  paths,
  RoleAssignment,
} from "./types.js";
