/**
 * A TokenCache in one JSON file, shared by every process that names the same path (Node only).
 *
 * File: `{ "version": 1, "tokens": { "<origin> <client id>": { "accessToken": "…", "expiresAt":
 * <epoch ms> } } }`, mode 0600 (owner read and write), replaced whole by a rename (a reader sees
 * the old file or the new one, never half of one); expired entries are dropped at each write. No
 * client secret is ever written. A missing or unreadable-as-JSON file is an empty cache.
 *
 * Processes that start at once: a `get` that finds no unexpired token takes the lock file
 * `<path>.lock` (created exclusively, 0600) and resolves to undefined: that process mints, and
 * its `set` (or `delete`, when minting failed) writes and releases the lock. The others' `get`
 * polls every 50 ms until the token is there or the lock is free (then one of them takes it).
 * Bounds: a lock older than 15 s is taken over (its holder died or hangs); a `get` waits at most
 * 30 s, then resolves to undefined without the lock (that process mints its own token).
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { FILE_CACHE_WAIT_MS, FILE_LOCK_STALE_MS, type StoredToken, type TokenCache } from "./token-cache.js";

const POLL_MS = 50;

type CacheFile = { version: 1; tokens: Record<string, StoredToken> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const code = (error: unknown) => (error as { code?: unknown }).code;

/**
 * A token cache in the file at `path` (created with its folder when missing; folder mode 0700),
 * safe across concurrent processes: one mints, the others wait for its token.
 * @throws TypeError when `path` is not a non-empty string. Its methods reject with the file
 *   system's error (a folder that cannot be created, a file that cannot be read or written).
 */
export function fileTokenCache(path: string): TokenCache {
  if (typeof path !== "string" || path === "") {
    throw new TypeError("fileTokenCache: path must be a non-empty string");
  }
  const lockPath = `${path}.lock`;
  /** Whether this cache holds the lock (taken by a `get` or by a write). */
  let held = false;

  const read = async (): Promise<CacheFile> => {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if (code(error) === "ENOENT") return { version: 1, tokens: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<CacheFile>;
      if (parsed.version === 1 && typeof parsed.tokens === "object" && parsed.tokens !== null)
        return { version: 1, tokens: parsed.tokens };
    } catch {
      // Not JSON: treated as empty and replaced at the next write.
    }
    return { version: 1, tokens: {} };
  };

  const write = async (file: CacheFile) => {
    const now = Date.now();
    for (const [key, token] of Object.entries(file.tokens)) {
      if (!(token?.expiresAt > now)) delete file.tokens[key];
    }
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(file)}\n`, { mode: 0o600, flag: "wx" });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  };

  /** Takes the lock if it is free or stale; whether it did. */
  const tryLock = async (): Promise<boolean> => {
    for (let round = 0; round < 2; round++) {
      try {
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await (await open(lockPath, "wx", 0o600)).close();
        held = true;
        return true;
      } catch (error) {
        if (code(error) !== "EEXIST") throw error;
      }
      try {
        if (Date.now() - (await stat(lockPath)).mtimeMs <= FILE_LOCK_STALE_MS) return false;
        await rm(lockPath, { force: true });
      } catch (error) {
        if (code(error) !== "ENOENT") throw error;
      }
    }
    return false;
  };

  const release = async () => {
    if (!held) return;
    held = false;
    await rm(lockPath, { force: true });
  };

  /** Runs `change` on the file under the lock (waiting for it, up to the stale limit). */
  const update = async (change: (file: CacheFile) => void) => {
    if (!held) while (!(await tryLock())) await sleep(POLL_MS);
    try {
      const file = await read();
      change(file);
      await write(file);
    } finally {
      await release();
    }
  };

  return {
    async get(key) {
      const waitUntil = Date.now() + FILE_CACHE_WAIT_MS;
      for (;;) {
        const token = (await read()).tokens[key];
        if (token !== undefined && token.expiresAt > Date.now()) return token;
        if (await tryLock()) {
          // Another process may have written its token between the read and the lock.
          const written = (await read()).tokens[key];
          if (written === undefined || !(written.expiresAt > Date.now())) return undefined;
          await release();
          return written;
        }
        if (Date.now() >= waitUntil) return undefined;
        await sleep(POLL_MS);
      }
    },
    set(key, token) {
      return update((file) => {
        file.tokens[key] = { accessToken: token.accessToken, expiresAt: token.expiresAt };
      });
    },
    delete(key) {
      return update((file) => {
        delete file.tokens[key];
      });
    },
  };
}
