/**
 * Where a service-account client keeps its access token beyond its own process, so that many
 * short processes (a CI job, a script run in a loop) share one token instead of minting one each:
 * Atlas allows 10 token requests a minute per client id and address, and 100 active tokens per
 * service account (MongoDB, "Service accounts overview").
 */

/** A token as stored: the access token and when it expires (epoch milliseconds). */
export type StoredToken = { accessToken: string; expiresAt: number };

/**
 * Where a service-account client reads and stores its token; keyed by origin and client id,
 * never by secret. The key is `<token endpoint origin> <client id>`; the client secret is never
 * passed. `get` may wait while another holder of the cache fetches the token (see
 * fileTokenCache); a `get` that resolves to undefined is followed by a `set` or a `delete` of
 * the same key. A token the API refused is deleted.
 */
export interface TokenCache {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
}

/** fileTokenCache: a lock file older than this is taken over (its holder died or hangs), in ms. */
export const FILE_LOCK_STALE_MS = 15_000;
/** fileTokenCache: the longest a `get` waits for another process's token, in ms. */
export const FILE_CACHE_WAIT_MS = 30_000;
