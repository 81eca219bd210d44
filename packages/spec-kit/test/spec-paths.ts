export const API_KEYS = "/orgs/{orgId}/apiKeys";
export const LINK_TOKENS = "/orgs/{orgId}/liveMigrations/linkTokens";
