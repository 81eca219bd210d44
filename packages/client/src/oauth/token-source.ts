/**
 * Service-account access tokens (OAuth 2.0 client credentials grant, RFC 6749 §4.4) as Atlas issues
 * them: one token shared by every call of a client, fetched once however many calls wait for it
 * (single flight), reused until `refreshMarginMs` before it expires, and revocable (RFC 7009).
 * A failed fetch fails the calls that waited for it; the next call tries again.
 *
 * A refused token (a 401) is replaced only when it was accepted before (a token never accepted
 * that meets a 401 is an authorization answer: Atlas answers 401 for missing rights too), at most
 * once per token and at most once per `minReplaceIntervalMs`; the token it replaces is revoked in
 * the background. So a loop over resources the account may not see cannot mint a token per call
 * and reach Atlas's 100 active tokens per service account.
 *
 * With a `cache` (../token-cache.ts), a token is first looked for there and a new one is stored
 * there, so processes share it; a token read from the cache and refused is deleted from it and
 * replaced (another process may have revoked it). The client secret is never stored.
 *
 * Token and revocation requests go through the client's transport (../atlas-fetch.ts) with Basic
 * credentials (./basic.ts), and never follow a redirect (a 3xx is an AtlasTokenError: following
 * one would send the client secret or the token to wherever the server points).
 * Sources: MongoDB "Generate an OAuth 2.0 token" and "Revoke an OAuth 2.0 token".
 */

import { isApiError } from "../api-error.js";
import type { FetchFn } from "../atlas-fetch.js";
import { raceAbort } from "../deadline.js";
import { AtlasError, AtlasTokenError } from "../errors.js";
import type { Log } from "../log.js";
import type { Redactor } from "../redact.js";
import type { StoredToken, TokenCache } from "../token-cache.js";

export interface TokenSourceOptions {
  clientId: string;
  /** Absolute URL of the token endpoint, e.g. `https://cloud.mongodb.com/api/oauth/token`. */
  tokenUrl: string;
  /** Absolute URL of the revocation endpoint, e.g. `https://cloud.mongodb.com/api/oauth/revoke`. */
  revokeUrl: string;
  /**
   * The client's transport with Basic credentials (../atlas-fetch.ts with ./basic.ts): deadline,
   * 429 retry, body limit and failure naming are its own.
   */
  fetch: FetchFn;
  /** Where the token is shared with other processes, keyed by the token endpoint's origin and `clientId`. */
  cache?: TokenCache | undefined;
  /** Every token is added to it, so no error message can show one. */
  redactor: Redactor;
  log?: Log | undefined;
  /** Refresh this long before expiry, in ms; capped at a tenth of the token's lifetime. Default 60 000. */
  refreshMarginMs?: number;
  /** Shortest time between two replacements of a refused token, in ms. Default 60 000. */
  minReplaceIntervalMs?: number;
  /** Clock in epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** An access token: `value` is sent as `Authorization: Bearer <value>`. */
export interface AccessToken {
  readonly value: string;
  /** Epoch ms at which it expires. */
  readonly expiresAt: number;
  /** Epoch ms after which it is no longer used. */
  readonly refreshAt: number;
  /** Whether the API has answered a call made with it with anything but 401. */
  accepted: boolean;
  /** Read from the cache: another process may have revoked it, so a 401 replaces it. */
  cached?: boolean;
  /** Its replacement, once a 401 replaced it. */
  replacement?: Promise<AccessToken>;
}

export interface TokenSource {
  /** The current token, or a new one. Rejects with AtlasTokenError, AtlasTimeoutError, AtlasNetworkError, AtlasBodyTooLargeError or `signal`'s reason. */
  get(signal: AbortSignal): Promise<AccessToken>;
  /**
   * A token to send again with after `token` met a 401, or undefined when that 401 is the
   * answer: `token` was never accepted, or another token was replaced less than
   * `minReplaceIntervalMs` ago. The replaced token is revoked in the background.
   */
  replace(token: AccessToken, signal: AbortSignal): Promise<AccessToken | undefined>;
  /** Revokes the current token, if any, and forgets it. Rejects with AtlasTokenError on a refusal. */
  revoke(): Promise<void>;
}

export const DEFAULT_REFRESH_MARGIN_MS = 60_000;
export const DEFAULT_MIN_REPLACE_INTERVAL_MS = 60_000;

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { clientId, redactor, log, cache } = options;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const minInterval = options.minReplaceIntervalMs ?? DEFAULT_MIN_REPLACE_INTERVAL_MS;
  const key = `${new URL(options.tokenUrl).origin} ${clientId}`;
  const warn = (error: unknown) => log?.("warn", String(error));
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  let lastReplacement = Number.NEGATIVE_INFINITY;

  /** POSTs the form through the transport; resolves to the parsed body of a 2xx, rejects with the endpoint's error otherwise. */
  const post = async (url: string, form: Record<string, string>, action: string) => {
    const response = await options.fetch(
      new Request(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams(form).toString(),
        redirect: "manual",
      }),
    );
    // The transport has read the body (up to 64 KiB) and redacted an error body.
    const body = parseJson(await response.text());
    // A browser answers `redirect: "manual"` with an opaque redirect (status 0); a caller's
    // `fetch` may have followed one anyway (`redirected`).
    const redirect = response.redirected || response.type === "opaqueredirect";
    if (!response.ok || redirect) throw tokenError(action, response.status, body, redirect);
    return body;
  };

  /** A token from its expiry: used until a tenth of its lifetime, at most `margin`, before it. */
  const token = (value: string, expiresAt: number, cached: boolean): AccessToken => {
    redactor.add(value);
    const refreshAt = expiresAt - Math.min(margin, (expiresAt - now()) / 10);
    return { value, expiresAt, refreshAt, accepted: false, cached };
  };

  const mint = async (): Promise<AccessToken> => {
    const body = await post(options.tokenUrl, { grant_type: "client_credentials" }, "Token request");
    const value = body?.access_token;
    if (!isHeaderToken(value) || `${body?.token_type}`.toLowerCase() !== "bearer")
      throw new AtlasTokenError("Token request", 200, {
        problem: "the answer is not a Bearer token (access_token, token_type)",
      });
    // RFC 6749 §5.1: `expires_in` in seconds (a number; a numeric string is read too); 0 or less
    // means the token is already spent. Atlas always sends it; without it, Atlas's hour is assumed.
    const expiresIn = body?.expires_in;
    const seconds = expiresIn === "" || expiresIn === null ? Number.NaN : Number(expiresIn);
    return token(value, now() + (Number.isFinite(seconds) ? Math.max(0, seconds) : 3600) * 1000, false);
  };

  /** Calls the cache; its failure is an AtlasError naming the cache (never the key's secret: there is none). */
  const inCache = async <T>(what: keyof TokenCache, run: (cache: TokenCache) => Promise<T>) => {
    try {
      return cache && (await run(cache));
    } catch (error) {
      // Redacted, and without the cache's error as `cause`: it may quote anything it was given.
      throw new AtlasError(`The token cache's ${what} failed: ${redactor.redact(String(error))}`);
    }
  };
  const forget = () => inCache("delete", (c) => c.delete(key)).catch(warn);

  /** The cache's token when it is still good, else a new one, stored in the cache. */
  const load = async (): Promise<AccessToken> => {
    const stored = await inCache("get", (c) => c.get(key));
    if (isStored(stored)) {
      const fromCache = token(stored.accessToken, stored.expiresAt, true);
      if (now() < fromCache.refreshAt) return fromCache;
    }
    let minted: AccessToken;
    try {
      minted = await mint();
    } catch (error) {
      // Releases what `get` may have reserved (fileTokenCache: another process may mint).
      await forget();
      throw error;
    }
    const { value: accessToken, expiresAt } = minted;
    await (now() < minted.refreshAt
      ? inCache("set", (c) => c.set(key, { accessToken, expiresAt }))
      : forget()
    ).catch(warn);
    return minted;
  };

  const get = (signal: AbortSignal): Promise<AccessToken> => {
    if (current && now() < current.refreshAt) return Promise.resolve(current);
    pending ??= load()
      .then((token) => (current = token))
      .finally(() => {
        pending = undefined;
      });
    return raceAbort(pending, signal);
  };

  const revokeRequest = (token: AccessToken) =>
    post(options.revokeUrl, { token: token.value, token_type_hint: "access_token" }, "Token revocation");

  return {
    get,
    async replace(token, signal) {
      if (token.replacement) return raceAbort(token.replacement, signal);
      // Already replaced in the ordinary way (refreshed before expiry, or revoked): use the newer one.
      if (current && current !== token && now() < current.refreshAt) return current;
      if (!(token.accepted || token.cached) || now() - lastReplacement < minInterval) return undefined;
      lastReplacement = now();
      if (current === token) current = undefined;
      const replacement = (async () => {
        // A refused token leaves the cache; another process may already have stored a new one.
        await forget();
        // Best effort, never awaited by a call: a failure is only logged.
        revokeRequest(token).then(
          () => log?.("info", "revoked a replaced access token"),
          (error: unknown) => log?.("warn", `could not revoke a replaced access token: ${String(error)}`),
        );
        return get(new AbortController().signal);
      })();
      token.replacement = replacement;
      // A failed replacement is not cached: the next 401 may try again after the interval.
      replacement.catch(() => {
        token.replacement = undefined;
      });
      return raceAbort(replacement, signal);
    },
    async revoke() {
      const token = current;
      current = undefined;
      if (token) {
        await forget();
        await revokeRequest(token);
      }
    },
  };
}

function isStored(value: unknown): value is StoredToken {
  const stored = value as StoredToken | undefined;
  return isHeaderToken(stored?.accessToken) && Number.isFinite(stored?.expiresAt);
}

/**
 * Whether `value` can follow `Bearer ` in a header: visible ASCII, no space (RFC 6750 §2.1's
 * b64token, read leniently). A token with a line break or a non-Latin-1 character could not be
 * sent, and part of it would reach an error message.
 */
function isHeaderToken(value: unknown): value is string {
  return typeof value === "string" && /^[\x21-\x7e]+$/.test(value);
}

type TokenAnswer = {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
  detail?: unknown;
};

function parseJson(text: string): TokenAnswer | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The endpoint's error: a redirect (never followed by the client's own transport),
 * OAuth's `{error, error_description}` or, on 429, Atlas's ApiError (the transport redacted the text).
 */
function tokenError(
  action: string,
  status: number,
  body: TokenAnswer | undefined,
  redirect: boolean,
): AtlasTokenError {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  if (redirect || (status >= 300 && status < 400))
    return new AtlasTokenError(action, status, {
      problem: "a redirect, which token and revocation requests never follow",
    });
  if (typeof body?.error === "string")
    return new AtlasTokenError(action, status, {
      error: body.error,
      errorDescription: text(body.error_description),
    });
  if (isApiError(body))
    return new AtlasTokenError(action, status, {
      apiError: { error: body.error, errorCode: body.errorCode, detail: text(body.detail) },
    });
  return new AtlasTokenError(action, status, {});
}
