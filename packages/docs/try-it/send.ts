/**
 * Sending one request from the page: HTTP Digest (RFC 7616) signed in the page with
 * `@atlas-admin/digest` (challenge, `nc` counting, one re-sign on `stale=true`), or a service
 * account's Bearer token from the target's token endpoint (OAuth 2.0 client credentials, RFC 6749
 * §4.4), reused until shortly before it expires. Credentials stay in memory: they are sent only in
 * the `Authorization` header, never in a URL, and nothing here logs.
 */
import { createDigestSigner, type DigestSigner } from "@atlas-admin/digest/client";

/** The request headers the panel may send (a cross-origin target must allow each by name). */
export const REQUEST_HEADERS = ["Authorization", "Content-Type", "Accept", "Prefer"] as const;
/** A token is fetched anew this long (ms) before it expires. */
export const TOKEN_MARGIN_MS = 60_000;
/** A request not answered within this time (ms) is aborted. */
export const SEND_TIMEOUT_MS = 30_000;

export type Credentials =
  | { kind: "digest"; publicKey: string; privateKey: string }
  | { kind: "service-account"; clientId: string; clientSecret: string };

export interface OutgoingRequest {
  method: string;
  /** Absolute URL: the base URL, the filled path and the query string. */
  url: string;
  /** JSON text of the body, if any. */
  body?: string;
  /** A `Prefer` value (the mock's examples and statuses), if any. */
  prefer?: string;
}

/** One exchange on the wire, for the panel's list: what was sent and what came back. */
export interface Exchange {
  method: string;
  /** The path and query (no credentials are ever in it). */
  path: string;
  status: number;
  /** What the exchange was: the Digest challenge, a token request, the signed call. */
  note: string;
}

export interface Answer {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** The body as text. */
  text: string;
  exchanges: Exchange[];
  /** Whether a service account's token was reused rather than fetched. */
  tokenReused?: boolean;
}

interface Token {
  value: string;
  refreshAt: number;
}

/** HTTP Basic credentials (RFC 7617) of UTF-8 text. */
function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** The path and query of a URL, for the exchange list. */
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/**
 * A sender that keeps, in memory only, one Digest signer per API key pair (its nonce and `nc`) and
 * one token per service account and token URL.
 */
export function createSender(tokenPath: string | undefined) {
  let signer: { key: string; sign: DigestSigner } | undefined;
  let token: { key: string; token: Token } | undefined;

  const fetchOnce = async (
    request: OutgoingRequest,
    authorization: string | undefined,
    signal: AbortSignal,
  ): Promise<Response> => {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    if (request.prefer) headers.Prefer = request.prefer;
    if (authorization !== undefined) headers.Authorization = authorization;
    // credentials "omit": no cookie, and no browser login prompt on a 401 challenge.
    return fetch(request.url, {
      method: request.method,
      headers,
      body: request.body,
      credentials: "omit",
      cache: "no-store",
      signal,
    });
  };

  const getToken = async (
    credentials: Extract<Credentials, { kind: "service-account" }>,
    base: string,
    exchanges: Exchange[],
    signal: AbortSignal,
  ): Promise<{ token: Token; reused: boolean }> => {
    if (tokenPath === undefined) throw new Error("The spec names no token URL for service accounts.");
    const url = new URL(tokenPath, base).href;
    const key = `${url}\n${credentials.clientId}\n${credentials.clientSecret}`;
    if (token?.key === key && Date.now() < token.token.refreshAt) return { token: token.token, reused: true };
    token = undefined;
    const response = await fetch(url, {
      method: "POST",
      headers: {
        Authorization: basic(credentials.clientId, credentials.clientSecret),
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: "grant_type=client_credentials",
      credentials: "omit",
      cache: "no-store",
      signal,
    });
    exchanges.push({ method: "POST", path: pathOf(url), status: response.status, note: "token request" });
    const text = await response.text();
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // reported below
    }
    if (!response.ok || typeof body.access_token !== "string") {
      throw new TokenError(response.status, typeof body.error === "string" ? body.error : text.slice(0, 200));
    }
    const lifetimeMs = typeof body.expires_in === "number" ? body.expires_in * 1000 : 3600_000;
    const fresh = {
      value: body.access_token,
      refreshAt: Date.now() + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 10),
    };
    token = { key, token: fresh };
    return { token: fresh, reused: false };
  };

  /** Sends one request with the credentials; every exchange on the wire is listed in the answer. */
  return async function send(request: OutgoingRequest, credentials: Credentials): Promise<Answer> {
    const signal = AbortSignal.timeout(SEND_TIMEOUT_MS);
    const exchanges: Exchange[] = [];
    let response: Response;
    let tokenReused: boolean | undefined;
    if (credentials.kind === "digest") {
      const key = `${credentials.publicKey}\n${credentials.privateKey}`;
      if (signer?.key !== key) {
        signer = {
          key,
          sign: createDigestSigner({ username: credentials.publicKey, password: credentials.privateKey }),
        };
      }
      response = await signer.sign(request.method, new URL(request.url), signal, async (authorization) => {
        const answer = await fetchOnce(request, authorization, signal);
        exchanges.push({
          method: request.method,
          path: pathOf(request.url),
          status: answer.status,
          note:
            authorization === undefined ? "unsigned: asks for the Digest challenge" : "signed with Digest",
        });
        return answer;
      });
    } else {
      const got = await getToken(credentials, request.url, exchanges, signal);
      tokenReused = got.reused;
      response = await fetchOnce(request, `Bearer ${got.token.value}`, signal);
      exchanges.push({
        method: request.method,
        path: pathOf(request.url),
        status: response.status,
        note: got.reused ? "with the token kept from before" : "with the new token",
      });
      // A refused token is not kept: the next call asks for a new one.
      if (response.status === 401) token = undefined;
    }
    const text = await response.text();
    return {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers.entries()],
      text,
      exchanges,
      ...(tokenReused === undefined ? {} : { tokenReused }),
    };
  };
}

/** The token endpoint refused the service account (or answered no token). */
export class TokenError extends Error {
  override readonly name = "TokenError";
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`The token request was answered ${status}${reason ? `: ${reason}` : ""}.`);
  }
}
