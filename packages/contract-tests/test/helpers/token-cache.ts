/**
 * The run's one service-account token: every test file's client and every sample process reads
 * it from one file cache (`@atlas-admin/client`'s `fileTokenCache`), so a run asks the target's
 * token endpoint once, as Atlas's limits require (10 token requests a minute per client id and
 * address; 100 active tokens per service account).
 */
import { fileURLToPath } from "node:url";
import * as client from "@atlas-admin/client";

type TokenCache = any;
const { fileTokenCache } = client as any;

import { ARTIFACTS } from "./artifacts.js";

/** The file the run's token is kept in (owner-only; removed by the global setup at the start of a run). */
export const TOKEN_CACHE_FILE = fileURLToPath(new URL("token-cache.json", ARTIFACTS));

let cache: TokenCache | undefined;

/** The cache every client of this run with the target's service account shares. */
export function runTokenCache(): TokenCache {
  cache ??= fileTokenCache(TOKEN_CACHE_FILE);
  return cache;
}
