/**
 * The service-account side of Atlas's OAuth 2.0 (client credentials grant, RFC 6749 §4.4; revocation,
 * RFC 7009): one account, opaque random tokens kept with their expiry in the map of active tokens
 * (which alone decides validity), and Atlas's limits: token requests per (source address, client) per minute, and active tokens per
 * account. Requests that fail client authentication are counted apart, per (address, client id
 * presented): a made-up client id never uses up the real account's allowance. Revocations have
 * their own allowance, `revokeRateLimit` per (address, client).
 * Sources: MongoDB "Generate an OAuth 2.0 token", "Revoke an OAuth 2.0 token", and the rate limits
 * in the Atlas Terraform provider's service-account guide.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { type Buckets, createBuckets } from "../atlas/rate-limits.js";

export interface TokenIssuerOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Lifetime of a token in seconds (Atlas: 3600). */
  readonly lifetimeSeconds: number;
  /** Token requests allowed per (source address, client) in `rateWindowMs` (Atlas: 10 a minute). */
  readonly rateLimit: number;
  /** Revocations allowed per (source address, client) in `rateWindowMs`. Default 100. */
  readonly revokeRateLimit?: number;
  /** Failed client authentications allowed per (source address, client id) in `rateWindowMs`. Default `rateLimit`. */
  readonly failureRateLimit?: number;
  readonly rateWindowMs: number;
  /** Tokens that may be active (issued, not expired or revoked) at once (Atlas: 100). */
  readonly maxActiveTokens: number;
  /** The token buckets the limits are kept in (the mock's one store, src/atlas/rate-limits.ts). */
  readonly buckets?: Buckets;
  readonly now?: () => number;
}

/** An OAuth error (RFC 6749 §5.2) or, for the rate limit, Atlas's ApiError shape. */
export type TokenEndpointAnswer =
  | {
      readonly status: 200;
      readonly body: { access_token: string; expires_in: number; token_type: "Bearer" };
    }
  | { readonly status: 200; readonly body: undefined }
  | {
      readonly status: 400 | 401 | 403;
      readonly body: { error: string; error_description: string };
      readonly headers?: Record<string, string>;
    }
  | {
      readonly status: 429;
      readonly body: Record<string, unknown>;
      readonly headers: Record<string, string>;
    };

export type BearerCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class TokenIssuer {
  readonly #options: TokenIssuerOptions;
  readonly #now: () => number;
  readonly #take: Buckets;
  /** token → expiry (epoch ms) of every token that is active. */
  readonly #active = new Map<string, number>();

  constructor(options: TokenIssuerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#take = options.buckets ?? createBuckets(this.#now);
  }

  /** Whether `authorization` carries the account's own Basic credentials (nothing is counted). */
  isClient(authorization: string | undefined): boolean {
    const credentials = parseBasic(authorization);
    return (
      credentials !== undefined &&
      sameText(credentials.id, this.#options.clientId) &&
      sameText(credentials.secret, this.#options.clientSecret)
    );
  }

  /**
   * POST /api/oauth/token: `authorization` is the Basic header, `form` the parsed
   * `application/x-www-form-urlencoded` body (undefined when the body is not a form).
   */
  async token(
    authorization: string | undefined,
    form: URLSearchParams | undefined,
    source = "local",
  ): Promise<TokenEndpointAnswer> {
    const refused = this.#authenticateClient("token", authorization, form, source);
    if (refused) return refused;
    const grants = form?.getAll("grant_type") ?? [];
    // RFC 6749 §3.1: a parameter must not be included more than once.
    if (grants.length > 1) return oauthError(400, "invalid_request", "grant_type is repeated.");
    if (grants[0] !== "client_credentials") {
      return oauthError(400, "unsupported_grant_type", "Invalid grant type.");
    }
    this.#evictExpired();
    if (this.#active.size >= this.#options.maxActiveTokens) {
      return oauthError(
        403,
        "access_denied",
        "Access Token limit reached. Please use the existing Access Tokens or create a new Service Account.",
      );
    }
    const accessToken = randomBytes(32).toString("base64url");
    this.#active.set(accessToken, this.#now() + this.#options.lifetimeSeconds * 1000);
    return {
      status: 200,
      body: { access_token: accessToken, expires_in: this.#options.lifetimeSeconds, token_type: "Bearer" },
    };
  }

  /** POST /api/oauth/revoke: forgets the token (RFC 7009 §2.2: 200 also for an unknown token). */
  async revoke(
    authorization: string | undefined,
    form: URLSearchParams | undefined,
    source = "local",
  ): Promise<TokenEndpointAnswer> {
    const refused = this.#authenticateClient("revoke", authorization, form, source);
    if (refused) return refused;
    const token = form?.get("token");
    if (!token) return oauthError(400, "invalid_request", "The token to revoke is missing.");
    this.#active.delete(token);
    return { status: 200, body: undefined };
  }

  /** Checks a Bearer token: issued here, not expired, not revoked. */
  async check(token: string): Promise<BearerCheck> {
    const expires = this.#active.get(token);
    if (expires === undefined) return { ok: false, reason: "The token was revoked or never issued here." };
    if (expires <= this.#now()) return { ok: false, reason: "The token has expired." };
    return { ok: true };
  }

  /**
   * Client authentication (HTTP Basic, RFC 6749 §2.3.1) under the rate limits: a refusal counts
   * against (address, client id presented) only; a success against (address, client) only.
   */
  #authenticateClient(
    endpoint: "token" | "revoke",
    authorization: string | undefined,
    form: URLSearchParams | undefined,
    source: string,
  ): TokenEndpointAnswer | undefined {
    if (form === undefined) {
      return oauthError(400, "invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
    }
    const credentials = parseBasic(authorization);
    const presented = credentials?.id ?? "";
    const { clientId, clientSecret, rateLimit } = this.#options;
    const failureKey = `failed ${source} ${presented}`;
    const failureLimit = this.#options.failureRateLimit ?? rateLimit;
    const path = endpoint === "token" ? "/api/oauth/token" : "/api/oauth/revoke";
    if (credentials === undefined || !this.isClient(authorization)) {
      const limited = this.#limit(failureKey, failureLimit, path);
      if (limited) return limited;
    }
    if (credentials === undefined) {
      return oauthError(401, "invalid_client", "Client authentication failed: send HTTP Basic credentials.", {
        "WWW-Authenticate": 'Basic realm="MMS Public API"',
      });
    }
    if (!sameText(credentials.id, clientId) || !sameText(credentials.secret, clientSecret)) {
      return oauthError(401, "invalid_client", "The provided credentials are not valid.", {
        "WWW-Authenticate": 'Basic realm="MMS Public API"',
      });
    }
    const key = `${endpoint} ${source} ${clientId}`;
    const limit = endpoint === "token" ? rateLimit : (this.#options.revokeRateLimit ?? 100);
    return this.#limit(key, limit, path);
  }

  /** Takes one request of `key`'s allowance of `limit` a window; undefined, or the 429 when it is used up. */
  #limit(key: string, limit: number, path: string): TokenEndpointAnswer | undefined {
    const { rateWindowMs } = this.#options;
    const taken = this.#take(`oauth\n${key}`, limit, limit / rateWindowMs);
    if (taken.ok) return undefined;
    const minutes = Math.max(1, Math.round(rateWindowMs / 60_000));
    return {
      status: 429,
      headers: { "Retry-After": String(taken.retryAfter) },
      body: {
        detail: `Resource ${path} is limited to ${limit} requests every ${minutes} minutes.`,
        error: 429,
        errorCode: "RATE_LIMITED",
        parameters: [path, limit, minutes],
        reason: "Too Many Requests",
      },
    };
  }

  #evictExpired(): void {
    const now = this.#now();
    for (const [jti, expires] of this.#active) if (expires <= now) this.#active.delete(jti);
  }
}

function oauthError(
  status: 400 | 401 | 403,
  error: string,
  description: string,
  headers?: Record<string, string>,
): TokenEndpointAnswer {
  return { status, body: { error, error_description: description }, headers };
}

/** `Basic base64(id:secret)`, decoded as Atlas does: no URL-decoding of either part. */
function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
