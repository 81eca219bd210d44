/** Checks of createAtlasAdminClient's options; messages name the option and never a credential. */
import { showValue } from "./errors.js";
import { DEFAULT_RETRY, type RetryOptions } from "./retry.js";

const PREFIX = "createAtlasAdminClient:";

const API_KEY = ["publicKey", "privateKey"] as const;
const SERVICE_ACCOUNT = ["clientId", "clientSecret"] as const;

/**
 * Which credentials the options hold: exactly one pair of non-empty strings.
 * @throws TypeError naming the keys (never their values) for both pairs, neither, or half of one.
 */
export function checkCredentials(settings: object): "api key" | "service account" {
  const options = settings as Record<string, unknown>;
  const given = (keys: readonly string[]) => keys.filter((key) => options[key] !== undefined);
  const apiKey = given(API_KEY);
  const serviceAccount = given(SERVICE_ACCOUNT);
  if (apiKey.length > 0 && serviceAccount.length > 0) {
    throw new TypeError(
      `${PREFIX} give either publicKey and privateKey (an API key) or clientId and clientSecret (a service account), not both`,
    );
  }
  const keys = serviceAccount.length > 0 ? SERVICE_ACCOUNT : API_KEY;
  if (keys.some((key) => typeof options[key] !== "string" || options[key] === "")) {
    throw new TypeError(
      serviceAccount.length > 0
        ? `${PREFIX} clientId and clientSecret must be non-empty strings`
        : apiKey.length > 0
          ? `${PREFIX} publicKey and privateKey must be non-empty strings`
          : `${PREFIX} credentials are missing: give publicKey and privateKey (an API key) or clientId and clientSecret (a service account)`,
    );
  }
  if (
    serviceAccount.length === 0 &&
    (options.tokenUrl !== undefined || options.revokeUrl !== undefined || options.tokenCache !== undefined)
  ) {
    throw new TypeError(`${PREFIX} tokenUrl, revokeUrl and tokenCache go with clientId and clientSecret`);
  }
  return serviceAccount.length > 0 ? "service account" : "api key";
}

/**
 * `url` when it is an absolute http(s) URL without user information; TypeError naming `option`
 * otherwise. A URL with a user name or password is refused without being quoted: its password
 * would otherwise reach an error message (and `Request` refuses such URLs anyway).
 */
export function checkUrl(option: string, url: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === "string" ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== "http:" && parsed?.protocol !== "https:") {
    // A value with `@` may hold a password (`user:pw@host` parses as scheme `user:`): not quoted.
    const shown =
      typeof url === "string" && url.includes("@") ? "a value with user information" : showValue(url);
    throw new TypeError(`${PREFIX} ${option} must be an absolute http(s) URL, got ${shown}`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new TypeError(`${PREFIX} ${option} must not contain a user name or password`);
  }
  return url as string;
}

/** TypeError unless `baseUrl` is an absolute http: or https: URL with no query string or fragment. */
export function checkBaseUrl(baseUrl: unknown): void {
  const text = checkUrl("baseUrl", baseUrl);
  // openapi-fetch appends the path to baseUrl as text: `http://h?x` would send to `/?x/orgs/…`.
  if (text.includes("?") || text.includes("#")) {
    const part = text.includes("?") ? "a query string" : "a fragment";
    throw new TypeError(`${PREFIX} baseUrl must not have ${part}, got ${showValue(baseUrl)}`);
  }
}

/**
 * Throws for an option `value` that is not `expected`: a RangeError for a number out of range, a
 * TypeError otherwise, naming the option and showing the value (never a credential's).
 */
function invalid(option: string, expected: string, value: unknown, range = typeof value === "number"): never {
  const message = `${PREFIX} ${option} must be ${expected}, got ${showValue(value)}`;
  throw range ? new RangeError(message) : new TypeError(message);
}

/** RangeError unless a number > 0 (Infinity allowed); TypeError for other types. */
export function checkTimeout(timeoutMs: unknown): void {
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0))
    invalid("timeoutMs", "a number > 0 (or Infinity)", timeoutMs);
}

/** TypeError unless undefined or a function. */
export function checkFetch(fetch: unknown): void {
  if (fetch !== undefined && typeof fetch !== "function")
    throw new TypeError(`${PREFIX} fetch must be a function, got ${fetch === null ? "null" : typeof fetch}`);
}

/** RangeError unless an integer ≥ `min`; TypeError for other types. */
export function checkInteger(option: string, value: unknown, min: number): void {
  if (!Number.isInteger(value) || (value as number) < min) invalid(option, `an integer ≥ ${min}`, value);
}

/** RangeError unless an integer ≥ 1; TypeError for other types. */
export function checkMaxBodyBytes(maxBodyBytes: unknown): void {
  checkInteger("maxBodyBytes", maxBodyBytes, 1);
}

/** The `retry` option checked and filled with defaults (TypeError/RangeError when malformed). */
export function resolveRetry(retry: false | RetryOptions | undefined): Required<RetryOptions> {
  if (retry === false) return { attempts: 1, maxDelayMs: 0 };
  if (retry !== undefined && (typeof retry !== "object" || retry === null))
    invalid("retry", "false or an object { attempts?, maxDelayMs? }", retry, false);
  const { attempts = DEFAULT_RETRY.attempts, maxDelayMs = DEFAULT_RETRY.maxDelayMs } = retry ?? {};
  checkInteger("retry.attempts", attempts, 1);
  if (typeof maxDelayMs !== "number" || !(maxDelayMs >= 0))
    invalid("retry.maxDelayMs", "a number ≥ 0", maxDelayMs);
  return { attempts, maxDelayMs };
}

/** TypeError unless undefined or an object with `get`, `set` and `delete` functions. */
export function checkTokenCache(cache: unknown): void {
  const methods = cache as Record<string, unknown> | null | undefined;
  if (cache !== undefined && ["get", "set", "delete"].some((m) => typeof methods?.[m] !== "function"))
    throw new TypeError(`${PREFIX} tokenCache must have get, set and delete methods`);
}
