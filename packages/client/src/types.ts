/** Readable names for the generated request and response body types. */
import type { components, operations, paths } from "./generated/atlas-admin.gen.js";

type Schemas = components["schemas"];

export type { components, operations, paths };

/** The operationIds of the spec. */
export type OperationId = keyof operations;

type JsonContent<T> = T extends { content: { "application/json": infer Body } } ? Body : undefined;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;

/** The JSON request body of an operation (`never` when it takes none). */
export type RequestBody<Id extends OperationId> =
  NonNullable<operations[Id]["requestBody"]> extends {
    content: { "application/json": infer Body };
  }
    ? Body
    : never;

/** The JSON body of an operation's success response (`undefined` when it has none, as for a 204). */
export type SuccessResponse<Id extends OperationId> = {
  [Status in keyof operations[Id]["responses"] & SuccessStatus]: JsonContent<
    operations[Id]["responses"][Status]
  >;
}[keyof operations[Id]["responses"] & SuccessStatus];

/** The path and query parameters of an operation. */
export type OperationParameters<Id extends OperationId> = operations[Id]["parameters"];

// Readable names per operationId (`CreateApiKeyRequestBody`, `ListApiKeysResponse`, …), generated
// from the spec by scripts/generate-types.mjs.
export type * from "./generated/operations.gen.js";

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
