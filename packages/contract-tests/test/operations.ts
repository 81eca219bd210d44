import { createSpecValidator } from "@atlas-admin/spec/validator";

export const API_KEYS = "/orgs/{orgId}/apiKeys";
export const LINK_TOKENS = "/orgs/{orgId}/liveMigrations/linkTokens";

export const validator = createSpecValidator();

export const ORG_ROLES: readonly string[] = validator.spec.components.schemas.OrganizationRoleName.enum;

/** The documented statuses of an operation, read from the bundled spec. */
export function documentedStatuses(path: string): number[] {
  return Object.keys(validator.spec.paths[path].post.responses).map(Number);
}

export function successStatus(path: string): number {
  const success = documentedStatuses(path).filter((status) => status < 300);
  if (success.length !== 1) throw new Error(`${path} documents ${success.length} success statuses`);
  return success[0] as number;
}
