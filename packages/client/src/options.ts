/** Checks of createAtlasAdminClient's options; messages name the option and never a credential. */
import type { FetchFn } from "./atlas-fetch.js";
import { DEFAULT_MAX_BODY_BYTES } from "./body.js";
import { DEFAULT_RETRY, type RetryOptions } from "./retry.js";

/** Default limit for one whole call, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** What every transport takes beside its credentials (createAtlasAdminClient, createDigestFetch). */
export interface TransportSettings {
  /** Limit for a whole call (authentication round trips, 429 waits, body), in ms. Default 30 000; `Infinity` disables. */
  timeoutMs?: number;
  /** 429 handling. Default `{ attempts: 3, maxDelayMs: 30_000 }`; `false` disables it. */
  retry?: false | RetryOptions;
  /** Longest success body read, in bytes; past it the call rejects with AtlasBodyTooLargeError. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Transport under authentication and retry, called with a Request. Default: `globalThis.fetch`, looked up at each send. */
  fetch?: FetchFn;
}

/** A value for a message: strings quoted, numbers as is, otherwise the type. */
function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "number" ? String(value) : value === null ? "null" : typeof value;
}

/** Throws a TypeError (or `kind`) whose message starts with `createAtlasAdminClient:`. */
function refuse(text: string, kind: new (message: string) => Error = TypeError): never {
  throw new kind(`createAtlasAdminClient: ${text}`);
}

/**
 * Throws unless `ok`: a RangeError when a number is expected and `value` is one out of range, a
 * TypeError otherwise, naming the option and showing the value (never a credential's: those are
 * checked by `checkCredentials` without being shown).
 */
export function expectOption(ok: boolean, option: string, expected: string, value: unknown): void {
  const range = typeof value === "number" && /number|integer/.test(expected);
  if (!ok) refuse(`${option} must be ${expected}, got ${show(value)}`, range ? RangeError : TypeError);
}

/** The credentials the options hold: a service account's id and secret, or an API key's public and private key. */
export interface Credentials {
  service: boolean;
  id: string;
  secret: string;
}

/**
 * Which credentials the options hold: exactly one pair of non-empty strings, each read once.
 * @throws TypeError naming the keys (never their values) for both pairs, neither, or half of one.
 */
export function checkCredentials(settings: object): Credentials {
  const options = Object(settings) as Record<string, unknown>;
  const { publicKey, privateKey, clientId, clientSecret } = options;
  const service = clientId !== undefined || clientSecret !== undefined;
  const apiKey = publicKey !== undefined || privateKey !== undefined;
  const either = "publicKey and privateKey (an API key) or clientId and clientSecret (a service account)";
  if (service && apiKey) refuse(`give either ${either}, not both`);
  const [id, secret] = service ? [clientId, clientSecret] : [publicKey, privateKey];
  if (typeof id !== "string" || id === "" || typeof secret !== "string" || secret === "")
    refuse(
      service || apiKey
        ? `${service ? "clientId and clientSecret" : "publicKey and privateKey"} must be non-empty strings`
        : `credentials are missing: give ${either}`,
    );
  if (
    !service &&
    [options.tokenUrl, options.revokeUrl, options.tokenCache].some((value) => value !== undefined)
  )
    refuse("tokenUrl, revokeUrl and tokenCache go with clientId and clientSecret");
  return { service, id, secret };
}

/**
 * `url` when it is an absolute http(s) URL without user information; TypeError naming `option`
 * otherwise. A refused value is quoted only when it is made of characters that cannot hold a
 * password or a query (`localhost:4010`): `user:pw@host`, `%40`, `?token=…` are not shown.
 */
export function checkUrl(option: string, url: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url as string);
  } catch {}
  if (typeof url !== "string" || !/^https?:$/.test(`${parsed?.protocol}`)) {
    const plain = typeof url !== "string" || /^[\w.:/[\]-]*$/.test(url);
    refuse(
      `${option} must be an absolute http(s) URL, got ${plain ? show(url) : "a value not shown (it may hold a password)"}`,
    );
  }
  if (parsed?.username || parsed?.password) refuse(`${option} must not contain a user name or password`);
  return url;
}

/**
 * TypeError unless `baseUrl` is an absolute http: or https: URL with no query string, fragment,
 * or white space around it (openapi-fetch appends the path to it as text: `http://h?x` would
 * send to `/?x/orgs/…`, `http://h ` to `http://h /orgs/…`). The refused value is not quoted.
 */
export function checkBaseUrl(baseUrl: unknown): void {
  const text = checkUrl("baseUrl", baseUrl);
  const part = text.includes("?")
    ? "a query string"
    : text.includes("#")
      ? "a fragment"
      : text.trim() !== text && "white space at its start or end";
  if (part) refuse(`baseUrl must not have ${part}`);
}

/**
 * The transport settings checked and filled with defaults.
 * @throws TypeError for a value of the wrong type, RangeError for a number out of range: `timeoutMs`
 *   a number > 0 (or Infinity), `maxBodyBytes` and `retry.attempts` integers ≥ 1, `retry.maxDelayMs`
 *   a number ≥ 0, `retry` false or an object, `fetch` a function.
 */
export function resolveSettings(settings: TransportSettings) {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, fetch, retry } = settings;
  const integer = (option: string, value: unknown) =>
    expectOption(Number.isInteger(value) && (value as number) >= 1, option, "an integer ≥ 1", value);
  expectOption(
    typeof timeoutMs === "number" && timeoutMs > 0,
    "timeoutMs",
    "a number > 0 (or Infinity)",
    timeoutMs,
  );
  expectOption(fetch === undefined || typeof fetch === "function", "fetch", "a function", fetch);
  integer("maxBodyBytes", maxBodyBytes);
  if (retry !== false && retry !== undefined && (typeof retry !== "object" || retry === null))
    refuse(`retry must be false or an object { attempts?, maxDelayMs? }, got ${show(retry)}`);
  const { attempts = DEFAULT_RETRY.attempts, maxDelayMs = DEFAULT_RETRY.maxDelayMs } = retry || {};
  integer("retry.attempts", attempts);
  expectOption(
    typeof maxDelayMs === "number" && maxDelayMs >= 0,
    "retry.maxDelayMs",
    "a number ≥ 0",
    maxDelayMs,
  );
  return {
    fetch,
    timeoutMs,
    maxBodyBytes,
    retry: retry === false ? { attempts: 1, maxDelayMs: 0 } : { attempts, maxDelayMs },
  };
}

/** Whether `value` is an object (or function) with a function under each of `names`. */
export function hasMethods(value: unknown, names: readonly string[]): boolean {
  const object = Object(value) as Record<string, unknown>;
  return object === value && names.every((name) => typeof object[name] === "function");
}

/** TypeError unless undefined or an object with `get`, `set` and `delete` functions. */
export function checkTokenCache(cache: unknown): void {
  expectOption(
    cache === undefined || hasMethods(cache, ["get", "set", "delete"]),
    "tokenCache",
    "an object with get, set and delete methods",
    cache,
  );
}
