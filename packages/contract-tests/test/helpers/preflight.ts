/**
 * Why a run could not start, said once: the target is checked before any test (the API key by
 * the setup's listing of what an earlier run left, the service account by one listing with it:
 * ./inventory.ts), and a failure there stops the run with one line that names what to check,
 * instead of one failure per test. The line goes to the output, to `run.json` and to `junit.xml`.
 */
import {
  AtlasBodyTooLargeError,
  AtlasDigestError,
  AtlasNetworkError,
  AtlasResponseError,
  AtlasTimeoutError,
  AtlasTokenError,
} from "@atlas-admin/client";
import { ListingError } from "./inventory.js";
import type { Variable } from "./target-env.js";

/** What to check for an error met before any test, naming the variables (./target-env.ts) involved. */
export function startFailure(target: string, error: unknown): string {
  const check = (...names: Variable[]) => ` Check ${names.join(" and ")}.`;
  let hint = "";
  if (error instanceof AtlasNetworkError || error instanceof AtlasTimeoutError)
    hint = ` The target did not answer.${check("ATLAS_CONTRACT_BASE_URL")}`;
  else if (
    error instanceof AtlasResponseError ||
    error instanceof AtlasBodyTooLargeError ||
    error instanceof AtlasDigestError
  )
    hint = ` The target does not answer as the Atlas Administration API does.${check("ATLAS_CONTRACT_BASE_URL")}`;
  else if (error instanceof ListingError && error.status >= 300 && error.status < 400)
    hint = ` The target redirects, which the Atlas Administration API does not.${check("ATLAS_CONTRACT_BASE_URL")}`;
  else if (error instanceof AtlasTokenError)
    hint = ` The token endpoint refused the service account.${check("ATLAS_CONTRACT_CLIENT_ID", "ATLAS_CONTRACT_CLIENT_SECRET")}`;
  else if (error instanceof ListingError && error.status === 401)
    hint = ` The credentials were refused.${check("ATLAS_CONTRACT_PUBLIC_KEY", "ATLAS_CONTRACT_PRIVATE_KEY")}`;
  else if (error instanceof ListingError && (error.status === 403 || error.status === 404))
    hint = ` The organization is not there or the credentials lack its Organization Owner role.${check("ATLAS_CONTRACT_ORG_ID")}`;
  const reason = error instanceof Error ? error.message : String(error);
  return `[contract] FAILED before any test, against ${target}: ${reason}.${hint}`;
}
