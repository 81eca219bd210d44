/**
 * Service-account access tokens (OAuth 2.0 client credentials grant, RFC 6749 §4.4) as Atlas issues
 * them: one token shared by every call of a client, fetched once however many calls wait for it
 * (single flight), reused until `refreshMarginMs` before it expires, and revocable (RFC 7009).
 * A failed fetch fails the calls that waited for it; the next call tries again.
 * Sources: MongoDB "Generate an OAuth 2.0 token" and "Revoke an OAuth 2.0 token".
 */
import type { FetchFn } from "../atlas-fetch.js";
import { AtlasNetworkError, AtlasTimeoutError, AtlasTokenError } from "../errors.js";
import { isApiError, MAX_ERROR_BODY_BYTES, readBodyText } from "../response.js";
import { type RetryOptions, withRetry } from "../retry.js";
import { raceAbort, startDeadline } from "../timeout.js";
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
  /** Refresh this long before expiry, in ms; capped at a tenth of the token's lifetime. Default 60 000. */
  refreshMarginMs?: number;
  /** Clock in epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** An access token: `value` is sent as `Authorization: Bearer <value>`. */
export interface AccessToken {
  readonly value: string;
  /** Epoch ms after which it is no longer used. */
  readonly refreshAt: number;
}

export interface TokenSource {
  /** The current token, or a new one. Rejects with AtlasTokenError, AtlasTimeoutError, AtlasNetworkError or `signal`'s reason. */
  get(signal: AbortSignal): Promise<AccessToken>;
  /** Stops using `token` (the server refused it); a no-op if a newer token is already current. */
  invalidate(token: AccessToken): void;
  /** Revokes the current token, if any, and forgets it. Rejects with AtlasTokenError on a refusal. */
  revoke(): Promise<void>;
}

export const DEFAULT_REFRESH_MARGIN_MS = 60_000;

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { clientId, clientSecret, timeoutMs, retry } = options;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;

  /** POSTs the form; resolves to the body of a 2xx, rejects with the endpoint's error otherwise. */
  const post = async (url: string, form: Record<string, string>, action: string): Promise<string> => {
    const path = new URL(url).pathname;
    const deadline = startDeadline(
      timeoutMs,
      () => new AtlasTimeoutError("POST", path, timeoutMs),
      new AbortController().signal,
    );
    const { signal } = deadline;
    const init: RequestInit = {
      method: "POST",
      headers: {
        Authorization: basicAuthorization(clientId, clientSecret),
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: new URLSearchParams(form).toString(),
      signal,
    };
    const send = async () => {
      try {
        // As for API calls (../atlas-fetch.ts), a caller's transport cannot outlive the deadline.
        return await (options.fetch
          ? raceAbort(options.fetch(new Request(url, init)), signal)
          : globalThis.fetch(url, init));
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw new AtlasNetworkError("POST", path, error);
      }
    };
    try {
      const response = await withRetry(send, retry, signal, deadline.at);
      if (response.ok) return await raceAbort(response.text(), signal);
      throw await tokenError(action, response, signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw error;
    } finally {
      deadline.clear();
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
    // RFC 6749 §5.1: `expires_in` in seconds; 0 means the token is already spent. Atlas always
    // sends it; without it, Atlas's one hour is assumed.
    const expiresIn = body?.expires_in;
    const lifetimeMs = typeof expiresIn === "number" && expiresIn >= 0 ? expiresIn * 1000 : 3600_000;
    return { value, refreshAt: now() + lifetimeMs - Math.min(margin, lifetimeMs / 10) };
  };

  return {
    get(signal) {
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
    },
    invalidate(token) {
      if (current === token) current = undefined;
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

/** The endpoint's error: OAuth's `{error, error_description}` or, on 429, Atlas's ApiError. */
async function tokenError(action: string, response: Response, signal: AbortSignal): Promise<AtlasTokenError> {
  const text = await readBodyText(response, MAX_ERROR_BODY_BYTES, signal);
  const body = parseJson(text) as Record<string, unknown> | undefined;
  if (typeof body?.error === "string") {
    const description = body.error_description;
    return new AtlasTokenError(action, response.status, {
      error: body.error,
      errorDescription: typeof description === "string" ? description : undefined,
    });
  }
  if (isApiError(body)) {
    const detail = typeof body.detail === "string" ? body.detail : undefined;
    return new AtlasTokenError(action, response.status, {
      apiError: { error: body.error, errorCode: body.errorCode, detail },
    });
  }
  return new AtlasTokenError(action, response.status, {});
}
