/**
 * The run's one service-account token: every test file's client and every sample process reads
 * it from one file cache (`@atlas-admin/client`'s `fileTokenCache`), so a run asks the target's
 * token endpoint once, as Atlas's limits require (10 token requests a minute per client id and
 * address; 100 active tokens per service account).
 */
import { fileURLToPath } from "node:url";
import { fileTokenCache, type TokenCache } from "@atlas-admin/client";
import { ARTIFACTS } from "./artifacts.js";
import type { ContractTarget } from "./target.js";

/** The file the run's token is kept in (owner-only; removed by the global setup at the start of a run). */
export const TOKEN_CACHE_FILE = fileURLToPath(new URL("token-cache.json", ARTIFACTS));

let cache: TokenCache | undefined;

/** The cache every client of this run with the target's service account shares. */
export function runTokenCache(): TokenCache {
  cache ??= fileTokenCache(TOKEN_CACHE_FILE);
  return cache;
}

/**
 * The run's token for a process that is not a client of this run (a published sample, given it
 * as `ATLAS_ACCESS_TOKEN`), as the client's cache keys it: the token endpoint's origin and the
 * client id (packages/client/README.md); undefined before a client of the run has asked for one.
 */
export async function runAccessToken(target: ContractTarget): Promise<string | undefined> {
  if (target.clientId === undefined) return undefined;
  const stored = await runTokenCache().get(`${new URL(target.baseUrl).origin} ${target.clientId}`);
  return stored !== undefined && stored.expiresAt > Date.now() ? stored.accessToken : undefined;
}
