/**
 * @atlas-admin/types: the TypeScript types generated from the Atlas spec (openapi-typescript's
 * \`paths\`, \`components\`, \`operations\`), readable names per operationId, and a few named schemas.
 * Its only runtime code is generated too: each string enum's values and type guard
 * (`OrganizationRoleNameValues`, `isOrganizationRoleName`). Client and mock both depend on it.
 */
import type { components, operations, paths } from "./generated/atlas-admin.gen.js";

type Schemas = components["schemas"];

// Each string enum of the spec at run time, with its type guard, generated likewise.
export * from "./generated/enums.gen.js";
// The Atlas errorCode values each operation documents (`DocumentedErrorCodes`), generated likewise.
export type * from "./generated/error-codes.gen.js";
// Readable names per operationId (\`CreateApiKeyRequestBody\`, \`ListApiKeysResponse\`, …), generated
// from the spec by scripts/generate-types.mjs.
export type * from "./generated/operations.gen.js";
export type {
  OperationId,
  OperationParameters,
  RequestBody,
  SuccessResponse,
} from "./operation-types.js";
export type { components, operations, paths };

/** Body of POST /orgs/{orgId}/apiKeys: `desc`, `roles` or both. */
export type CreateApiKeyRequest = Schemas["CreateAtlasOrganizationApiKey"];
/** The created API key (its private key unredacted, once). */
export type ApiKey = Schemas["ApiKeyUserDetails"];
/** Body of POST /orgs/{orgId}/liveMigrations/linkTokens. */
export type CreateLinkTokenRequest = Schemas["TargetOrgRequest"];
/** The created link-token. */
export type LinkToken = Schemas["TargetOrg"];
/** The body of every error response. */
export type ApiError = Schemas["ApiError"];
export type OrganizationRole = Schemas["OrganizationRoleName"];
export type RoleAssignment = Schemas["RoleAssignment"];
export type Link = Schemas["Link"];
/** One page of an organization's API keys (private keys redacted). */
export type ApiKeyPage = Schemas["PaginatedApiApiUserView"];
