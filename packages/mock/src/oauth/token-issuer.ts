/**
 * The service-account side of Atlas's OAuth 2.0 (client credentials grant, RFC 6749 §4.4; revocation,
 * RFC 7009): one account, tokens as signed JWTs (ES256, a key made per process) with `exp`, and
 * Atlas's limits: token requests per (source address, client) per minute, and active tokens per
 * account. Requests that fail client authentication are counted apart, per (address, client id
 * presented): a made-up client id never uses up the real account's allowance. Revocations have
 * their own allowance, `revokeRateLimit` per (address, client).
 * Sources: MongoDB "Generate an OAuth 2.0 token", "Revoke an OAuth 2.0 token", and the rate limits
 * in the Atlas Terraform provider's service-account guide.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { type CryptoKey, generateKeyPair, jwtVerify, SignJWT } from "jose";

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
  /** (address, client) pairs whose requests are counted at once; the least recent is dropped first. Default 10,000. */
  readonly maxTrackedClients?: number;
  /** Tokens that may be active (issued, not expired or revoked) at once (Atlas: 100). */
  readonly maxActiveTokens: number;
  /** `iss` of the tokens, e.g. the mock's URL. */
  readonly issuer: string;
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

const AUDIENCE = "api://admin";

export class TokenIssuer {
  readonly #options: TokenIssuerOptions;
  readonly #now: () => number;
  readonly #keys: Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }>;
  /** jti → expiry (epoch ms) of every token that is active. */
  readonly #active = new Map<string, number>();
  /** Times (epoch ms) of recent requests, per `endpoint address client` key, for the rate limits. */
  readonly #requests = new Map<string, number[]>();

  constructor(options: TokenIssuerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#keys = generateKeyPair("ES256");
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
    if (form?.get("grant_type") !== "client_credentials") {
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
    const { privateKey } = await this.#keys;
    const jti = randomUUID();
    const now = this.#now();
    const issuedAt = Math.floor(now / 1000);
    // JWT times are whole seconds: rounding `exp` up keeps every token alive its full lifetime.
    const expires = Math.ceil(now / 1000 + this.#options.lifetimeSeconds);
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", typ: "JWT" })
      .setIssuer(this.#options.issuer)
      .setAudience(AUDIENCE)
      .setSubject(this.#options.clientId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expires)
      .setJti(jti)
      .sign(privateKey);
    this.#active.set(jti, expires * 1000);
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
    const jti = await this.#verify(token).then(
      (claims) => claims.jti,
      () => undefined,
    );
    if (jti !== undefined) this.#active.delete(jti);
    return { status: 200, body: undefined };
  }

  /** Checks a Bearer token: signed by this process, not expired, not revoked, for this audience. */
  async check(token: string): Promise<BearerCheck> {
    try {
      const { jti } = await this.#verify(token);
      const expires = jti === undefined ? undefined : this.#active.get(jti);
      if (expires === undefined) return { ok: false, reason: "The token was revoked or never issued here." };
      if (expires <= this.#now()) return { ok: false, reason: "The token has expired." };
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `The token is not valid: ${(error as Error).message}` };
    }
  }

  async #verify(token: string) {
    const { publicKey } = await this.#keys;
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: this.#options.issuer,
      audience: AUDIENCE,
      algorithms: ["ES256"],
      currentDate: new Date(this.#now()),
    });
    return payload;
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
    if (this.#isFull(failureKey, failureLimit)) return this.#rateLimited(failureKey, failureLimit, path);
    if (credentials === undefined) {
      this.#count(failureKey);
      return oauthError(401, "invalid_client", "Client authentication failed: send HTTP Basic credentials.", {
        "WWW-Authenticate": 'Basic realm="MMS Public API"',
      });
    }
    if (!sameText(credentials.id, clientId) || !sameText(credentials.secret, clientSecret)) {
      this.#count(failureKey);
      return oauthError(401, "invalid_client", "The provided credentials are not valid.", {
        "WWW-Authenticate": 'Basic realm="MMS Public API"',
      });
    }
    const key = `${endpoint} ${source} ${clientId}`;
    const limit = endpoint === "token" ? rateLimit : (this.#options.revokeRateLimit ?? 100);
    if (this.#isFull(key, limit)) return this.#rateLimited(key, limit, path);
    this.#count(key);
    return undefined;
  }

  #recent(key: string): number[] {
    const now = this.#now();
    const times = (this.#requests.get(key) ?? []).filter((at) => now - at < this.#options.rateWindowMs);
    // Re-inserted: the map's order is least recently used first.
    this.#requests.delete(key);
    if (times.length > 0) this.#requests.set(key, times);
    return times;
  }

  #isFull(key: string, limit: number): boolean {
    return this.#recent(key).length >= limit;
  }

  #count(key: string): void {
    const times = this.#recent(key);
    times.push(this.#now());
    this.#requests.set(key, times);
    const max = this.#options.maxTrackedClients ?? 10_000;
    while (this.#requests.size > max) this.#requests.delete(this.#requests.keys().next().value as string);
  }

  #rateLimited(key: string, limit: number, path: string): TokenEndpointAnswer {
    const now = this.#now();
    const { rateWindowMs } = this.#options;
    const oldest = this.#requests.get(key)?.[0] ?? now;
    const retryAfter = Math.max(1, Math.ceil((oldest + rateWindowMs - now) / 1000));
    const minutes = Math.max(1, Math.round(rateWindowMs / 60_000));
    return {
      status: 429,
      headers: { "Retry-After": String(retryAfter) },
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
