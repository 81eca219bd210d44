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
 * Token and revocation requests never follow a redirect (a 3xx is an AtlasTokenError: following
 * one would send the client secret or the token to wherever the server points).
 * Sources: MongoDB "Generate an OAuth 2.0 token" and "Revoke an OAuth 2.0 token".
 */

import { isApiError } from "../api-error.js";
import type { FetchFn } from "../atlas-fetch.js";
import { MAX_ERROR_BODY_BYTES, MAX_TOKEN_BODY_BYTES, readText } from "../body.js";
import { raceAbort, startDeadline } from "../deadline.js";
import {
  AtlasBodyTooLargeError,
  AtlasError,
  AtlasNetworkError,
  AtlasTimeoutError,
  AtlasTokenError,
} from "../errors.js";
import type { Log } from "../log.js";
import type { Redactor } from "../redact.js";
import { type RetryOptions, withRetry } from "../retry.js";
import { basicAuthorization } from "./basic.js";

export interface TokenSourceOptions {
  clientId: string;
  /** Kept in this closure; never in an error or a log. */
  clientSecret: string;
  /** Absolute URL of the token endpoint, e.g. `https://cloud.mongodb.com/api/oauth/token`. */
  tokenUrl: string;
  /** Absolute URL of the revocation endpoint, e.g. `https://cloud.mongodb.com/api/oauth/revoke`. */
  revokeUrl: string;
  /** Transport; default `globalThis.fetch`, looked up at each request. */
  fetch: FetchFn | undefined;
  /** Limit for one token request, 429 waits included, in ms. */
  timeoutMs: number;
  /** 429 handling of the token endpoint (it allows 10 requests a minute per client). */
  retry: Required<RetryOptions>;
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
  /** Epoch ms after which it is no longer used. */
  readonly refreshAt: number;
  /** Whether the API has answered a call made with it with anything but 401. */
  accepted: boolean;
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
  const { clientId, clientSecret, timeoutMs, retry, redactor, log } = options;
  const { redact } = redactor;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const minInterval = options.minReplaceIntervalMs ?? DEFAULT_MIN_REPLACE_INTERVAL_MS;
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  let lastReplacement = Number.NEGATIVE_INFINITY;

  /** POSTs the form; resolves to the body of a 2xx, rejects with the endpoint's error otherwise. */
  const post = async (url: string, form: Record<string, string>, action: string): Promise<string> => {
    const path = new URL(url).pathname;
    const deadline = startDeadline(
      timeoutMs,
      new AbortController().signal,
      () => new AtlasTimeoutError("POST", path, timeoutMs),
    );
    const { signal } = deadline;
    const fail = (error: unknown) => {
      if (signal.aborted) return deadline.reason();
      if (error instanceof AtlasError) return error;
      return new AtlasNetworkError("POST", path, error, redact);
    };
    const init: RequestInit = {
      method: "POST",
      headers: {
        Authorization: basicAuthorization(clientId, clientSecret),
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: new URLSearchParams(form).toString(),
      signal,
      redirect: "manual",
    };
    const send = () =>
      // As for API calls (../atlas-fetch.ts), a caller's transport cannot outlive the deadline.
      options.fetch
        ? raceAbort(options.fetch(new Request(url, init)), signal, deadline.reason)
        : globalThis.fetch(url, init);
    try {
      const response = await withRetry(send, retry, signal, deadline.at);
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
        await response.body?.cancel().catch(() => {});
        throw new AtlasTokenError(action, response.status, {
          problem: "a redirect, which token and revocation requests never follow",
        });
      }
      if (response.ok) {
        return await readText(response, {
          maxBytes: MAX_TOKEN_BODY_BYTES,
          tooLarge: () => new AtlasBodyTooLargeError("POST", path, MAX_TOKEN_BODY_BYTES),
          fail,
        });
      }
      const text = await readText(response, { maxBytes: MAX_ERROR_BODY_BYTES, fail });
      throw tokenError(action, response.status, text, redact);
    } catch (error) {
      throw fail(error);
    }
  };

  const fetchToken = async (): Promise<AccessToken> => {
    const text = await post(options.tokenUrl, { grant_type: "client_credentials" }, "Token request");
    const body = parseJson(text) as
      | { access_token?: unknown; token_type?: unknown; expires_in?: unknown }
      | undefined;
    const value = body?.access_token;
    if (typeof value !== "string" || value === "" || String(body?.token_type).toLowerCase() !== "bearer") {
      throw new AtlasTokenError("Token request", 200, {
        problem: "the answer is not a Bearer token (access_token, token_type)",
      });
    }
    redactor.add(value);
    // RFC 6749 §5.1: `expires_in` in seconds; 0 means the token is already spent. Atlas always
    // sends it; without it, Atlas's one hour is assumed.
    const expiresIn = body?.expires_in;
    const lifetimeMs = typeof expiresIn === "number" && expiresIn >= 0 ? expiresIn * 1000 : 3600_000;
    return { value, refreshAt: now() + lifetimeMs - Math.min(margin, lifetimeMs / 10), accepted: false };
  };

  const get = (signal: AbortSignal): Promise<AccessToken> => {
    if (current !== undefined && now() < current.refreshAt) return Promise.resolve(current);
    pending ??= fetchToken().then(
      (token) => {
        current = token;
        pending = undefined;
        return token;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return raceAbort(pending, signal);
  };

  /** Best effort, never awaited by a call: a failure is only logged. */
  const revokeInBackground = (token: AccessToken) => {
    post(options.revokeUrl, { token: token.value, token_type_hint: "access_token" }, "Token revocation").then(
      () => log?.("info", "revoked a replaced access token"),
      (error: unknown) => log?.("warn", `could not revoke a replaced access token: ${String(error)}`),
    );
  };

  return {
    get,
    async replace(token, signal) {
      if (token.replacement) return raceAbort(token.replacement, signal);
      // Already replaced in the ordinary way (refreshed before expiry, or revoked): use the newer one.
      if (current !== undefined && current !== token && now() < current.refreshAt) return current;
      if (!token.accepted || now() - lastReplacement < minInterval) return undefined;
      lastReplacement = now();
      if (current === token) current = undefined;
      revokeInBackground(token);
      token.replacement = get(new AbortController().signal);
      // A failed replacement is not cached: the next 401 may try again after the interval.
      token.replacement.catch(() => {
        token.replacement = undefined;
      });
      return raceAbort(token.replacement, signal);
    },
    async revoke() {
      const token = current;
      current = undefined;
      if (token === undefined) return;
      await post(
        options.revokeUrl,
        { token: token.value, token_type_hint: "access_token" },
        "Token revocation",
      );
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The endpoint's error: OAuth's `{error, error_description}` or, on 429, Atlas's ApiError; server text redacted. */
function tokenError(
  action: string,
  status: number,
  text: string,
  redact: (text: string) => string,
): AtlasTokenError {
  const body = parseJson(text) as Record<string, unknown> | undefined;
  if (typeof body?.error === "string") {
    const description = body.error_description;
    return new AtlasTokenError(action, status, {
      error: redact(body.error),
      errorDescription: typeof description === "string" ? redact(description) : undefined,
    });
  }
  if (isApiError(body)) {
    const detail = typeof body.detail === "string" ? redact(body.detail) : undefined;
    return new AtlasTokenError(action, status, {
      apiError: { error: body.error, errorCode: redact(body.errorCode), detail },
    });
  }
  return new AtlasTokenError(action, status, {});
}
