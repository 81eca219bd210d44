import { readFileSync } from "node:fs";

/** Defaults shared by the CLI and `startMock`; the README documents the same values. */
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PUBLIC_KEY = "mockpublic";
export const DEFAULT_PRIVATE_KEY = "00000000-0000-4000-8000-000000000000";
/** Atlas's realm, spaces included. */
export const DEFAULT_REALM = "MMS Public API";
export const DEFAULT_NONCE_TTL_MS = 5 * 60 * 1000;
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10 * 1000;
/** The service account the mock knows (client credentials). */
export const DEFAULT_CLIENT_ID = "mdb_sa_id_000000000000000000000000";
export const DEFAULT_CLIENT_SECRET = "mdb_sa_sk_00000000000000000000000000000000";
/** Atlas's token lifetime: one hour. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
/** Atlas's token endpoint limit: 10 requests a minute per client. */
export const DEFAULT_TOKEN_RATE_LIMIT = 10;
/** Atlas's limit of active tokens per service account. */
export const DEFAULT_MAX_ACTIVE_TOKENS = 100;
/**
 * Connections serving requests at once (src/server.ts): a quarter of the process's open-file limit
 * (Node raises the soft limit to the hard one at start; read from /proc/self/limits), at most
 * 8,192; 4,096 where the limit cannot be read. Sockets open at all, silent ones included, are
 * bounded at twice this, half the file limit.
 */
export const DEFAULT_MAX_CONNECTIONS = Math.min(8192, Math.floor((openFileLimit() ?? 16_384) / 4));
export const DEFAULT_HEADERS_TIMEOUT_MS = 10 * 1000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30 * 1000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5 * 1000;
/** How long requests in flight may take to finish once the mock is closing. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 5 * 1000;
export { DEFAULT_MAX_NONCES } from "@atlas-admin/digest/server";
export { DEFAULT_MAX_CREATED, DEFAULT_MAX_CREATED_PER_LIST } from "./atlas/state.js";

/** The soft limit of open files of this process, on Linux; undefined elsewhere or when unlimited. */
function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}
