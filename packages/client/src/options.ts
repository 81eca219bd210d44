/** Checks of createAtlasAdminClient's options; messages name the option and never a credential. */
import { showValue } from "./errors.js";

const PREFIX = "createAtlasAdminClient:";

/** TypeError unless both keys are non-empty strings. */
export function checkCredentials(publicKey: unknown, privateKey: unknown): void {
  if (
    typeof publicKey !== "string" ||
    publicKey === "" ||
    typeof privateKey !== "string" ||
    privateKey === ""
  ) {
    throw new TypeError(`${PREFIX} publicKey and privateKey must be non-empty strings`);
  }
}

/** TypeError unless `baseUrl` is an absolute http: or https: URL with no query string or fragment. */
export function checkBaseUrl(baseUrl: unknown): void {
  let url: URL | undefined;
  try {
    url = typeof baseUrl === "string" ? new URL(baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "http:" && url?.protocol !== "https:") {
    throw new TypeError(`${PREFIX} baseUrl must be an absolute http(s) URL, got ${showValue(baseUrl)}`);
  }
  // openapi-fetch appends the path to baseUrl as text: `http://h?x` would send to `/?x/orgs/…`.
  const text = baseUrl as string;
  if (text.includes("?") || text.includes("#")) {
    const part = text.includes("?") ? "a query string" : "a fragment";
    throw new TypeError(`${PREFIX} baseUrl must not have ${part}, got ${showValue(baseUrl)}`);
  }
}

/** RangeError unless a number > 0 (Infinity allowed); TypeError for other types. */
export function checkTimeout(timeoutMs: unknown): void {
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) {
    const message = `${PREFIX} timeoutMs must be a number > 0 (or Infinity), got ${showValue(timeoutMs)}`;
    throw typeof timeoutMs === "number" ? new RangeError(message) : new TypeError(message);
  }
}

/** TypeError unless undefined or a function. */
export function checkFetch(fetch: unknown): void {
  if (fetch !== undefined && typeof fetch !== "function") {
    const type = fetch === null ? "null" : typeof fetch;
    throw new TypeError(`${PREFIX} fetch must be a function, got ${type}`);
  }
}
