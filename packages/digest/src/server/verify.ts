/**
 * Server-side Digest verification (RFC 7616 §3.4, §3.5, qop=auth) against one username and
 * password, answering the way Atlas does: only a request whose digest is right but whose nonce has
 * expired (or is unknown) gets `stale=true`, so a client with the right key just signs again.
 */
import { parseAuthHeader } from "../auth-params.js";
import { type DigestAlgorithm, parseAlgorithm } from "../hash.js";
import { digestResponse, hashA1 } from "../response.js";
import { formatDigestChallenge } from "./challenge.js";
import { NonceStore } from "./nonce-store.js";

export interface DigestVerifierOptions {
  readonly realm: string;
  readonly username: string;
  readonly password: string;
  /** How long a nonce is accepted before the answer is `stale=true`, in ms. */
  readonly nonceTtlMs: number;
  /** The algorithm challenged and accepted. Default `MD5` (Atlas); `SHA-256` as Atlas for Government. */
  readonly algorithm?: DigestAlgorithm;
  /** Nonces remembered at once (oldest forgotten first). Default 10,000 (`DEFAULT_MAX_NONCES`). */
  readonly maxNonces?: number;
  /** Clock in epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

export type DigestResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /**
       * The status to answer with: 400 for credentials whose `uri` does not denote the request's
       * target (RFC 7616 §3.4.6: the server SHOULD answer 400 Bad Request), 401 otherwise.
       */
      readonly status: 400 | 401;
      /** A fresh `WWW-Authenticate` challenge for the 401. */
      readonly challenge: string;
      /** Why the request was refused, precisely: for the logs. */
      readonly reason: string;
      /**
       * What the 401 body may tell the client. Undefined for a wrong username or a wrong digest,
       * which get the same answer (as on Atlas), so that the body does not reveal which keys exist.
       */
      readonly hint: string | undefined;
    };

const NC_PATTERN = /^[0-9a-f]{8}$/i;

export class DigestVerifier {
  readonly #realm: string;
  readonly #username: string;
  readonly #algorithm: DigestAlgorithm;
  readonly #ha1: string | Promise<string>;
  readonly #nonces: NonceStore;

  constructor(options: DigestVerifierOptions) {
    this.#realm = options.realm;
    this.#username = options.username;
    this.#algorithm = options.algorithm ?? "MD5";
    this.#ha1 = hashA1(this.#algorithm, options.username, options.realm, options.password);
    this.#nonces = new NonceStore({
      ttlMs: options.nonceTtlMs,
      maxNonces: options.maxNonces,
      now: options.now,
    });
  }

  /** A challenge with a freshly issued nonce. */
  challenge(stale = false): string {
    return formatDigestChallenge(this.#realm, this.#nonces.issue(), stale, this.#algorithm);
  }

  /**
   * Checks the `Authorization` value of a request. `requestTarget` is the path and query as
   * received; `origin` is the scheme and authority the request came to (`http://127.0.0.1:4010`),
   * against which a `uri` in absolute form is checked (without it, such a `uri` is refused). Never
   * throws: malformed credentials are a refusal with a reason.
   */
  async verify(
    method: string,
    requestTarget: string,
    authorization: string | undefined,
    origin?: string,
  ): Promise<DigestResult> {
    const params = digestParams(authorization);
    if (params === undefined) {
      return this.#refuse(authorization === undefined ? "No credentials." : "Not Digest credentials.");
    }
    const { username, realm, nonce, uri, response, qop, nc, cnonce } = params;
    if (username === undefined || nonce === undefined || uri === undefined || response === undefined) {
      return this.#refuse("Incomplete Digest credentials.");
    }
    if (!denotesTarget(uri, requestTarget, origin)) {
      return this.#refuse("The digest uri does not match the request target.", false, true, 400);
    }
    if (realm !== this.#realm) return this.#refuse("Wrong realm.");
    if (parseAlgorithm(params.algorithm) !== this.#algorithm) return this.#refuse("Unsupported algorithm.");
    if (qop !== "auth" || nc === undefined || !NC_PATTERN.test(nc) || !cnonce) {
      return this.#refuse('Digest credentials must use qop="auth" with nc and cnonce.');
    }
    const ha1 = await this.#ha1;
    const algorithm = this.#algorithm;
    const expected = await digestResponse({ algorithm, ha1, nonce, nc, cnonce, method, uri });
    const rightDigest = constantTimeEqual(expected, response.toLowerCase());
    if (username !== this.#username) return this.#refuse("Unknown username.", false, false);
    if (!rightDigest) return this.#refuse("Wrong digest response.", false, false);

    switch (this.#nonces.use(nonce, Number.parseInt(nc, 16))) {
      case "ok":
        return { ok: true };
      case "stale":
        return this.#refuse("The nonce has expired.", true);
      case "replayed":
        return this.#refuse("The nonce count was already used (replay).");
    }
  }

  #refuse(reason: string, stale = false, disclose = true, status: 400 | 401 = 401): DigestResult {
    const hint = disclose ? reason : undefined;
    return { ok: false, status, challenge: this.challenge(stale), reason, hint };
  }
}

/** The parameters of `Digest` credentials, or undefined when absent, malformed or another scheme. */
function digestParams(authorization: string | undefined): Record<string, string> | undefined {
  if (authorization === undefined) return undefined;
  try {
    const [credentials, ...rest] = parseAuthHeader(authorization);
    if (rest.length > 0 || credentials?.scheme.toLowerCase() !== "digest") return undefined;
    return credentials.params;
  } catch {
    return undefined;
  }
}

/** Compares two hex strings in time that depends only on their length. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** A `uri` in absolute form: scheme and authority (no user information), then the rest. */
const ABSOLUTE_FORM = /^(https?:\/\/[^/?#@]*)([/?][^#]*)?$/i;

/**
 * RFC 7616 §3.4: `uri` is the request target, which some clients send in absolute form (RFC 9112
 * §3.2.2). An absolute one must name the origin the request came to, written as a URL serializes
 * it (lower case, an explicit default port allowed), and its path and query must be the request
 * target as received, character for character.
 */
function denotesTarget(uri: string, requestTarget: string, origin: string | undefined): boolean {
  if (uri === requestTarget) return true;
  const absolute = ABSOLUTE_FORM.exec(uri);
  if (absolute === null || origin === undefined) return false;
  const [, authority = "", rest = ""] = absolute;
  const path = rest.startsWith("/") ? rest : `/${rest}`; // `http://host` and `http://host?q`: at `/`
  try {
    const named = new URL(authority);
    // As written, not as a URL parser repairs it: `\`, a tab, `:04010`, `127.1` or a trailing
    // dot would name the same origin after parsing.
    const written = authority.slice(authority.indexOf("//") + 2).toLowerCase();
    const asWritten = named.host === written || `${named.host}:${defaultPort(named.protocol)}` === written;
    return asWritten && named.origin === new URL(origin).origin && path === requestTarget;
  } catch {
    return false;
  }
}

const defaultPort = (protocol: string) => (protocol === "https:" ? "443" : "80");
