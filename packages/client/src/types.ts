/** Readable names for the generated request and response body types. */
import type { components, operations, paths } from "./generated/atlas-admin.gen.js";

type Schemas = components["schemas"];

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
