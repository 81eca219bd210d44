export const API_KEYS = "/orgs/{orgId}/apiKeys";
export const LINK_TOKENS = "/orgs/{orgId}/liveMigrations/linkTokens";
export const ORG_ROLES = [
  "ORG_OWNER",
  "ORG_MEMBER",
  "ORG_GROUP_CREATOR",
  "ORG_BILLING_ADMIN",
  "ORG_READ_ONLY",
  "ORG_BILLING_READ_ONLY",
  "ORG_STREAM_PROCESSING_ADMIN",
] as const;
