import { createHash, timingSafeEqual } from "node:crypto";
import { digestChallenge } from "./challenge.js";
import { NonceStore } from "./nonce-store.js";
import { parseDigestAuthorization } from "./parse-authorization.js";

export interface DigestVerifierOptions {
  readonly realm: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly nonceTtlMs: number;
  readonly now?: () => number;
}

export type DigestResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** A fresh `WWW-Authenticate` challenge for the 401. */
      readonly challenge: string;
      /** Why the request was refused, precisely: for the logs. */
      readonly reason: string;
      /**
       * What the 401 body may tell the client. Undefined for a wrong public key or a wrong digest,
       * which get the same answer (as on Atlas), so that the body does not reveal which keys exist.
       */
      readonly hint: string | undefined;
    };

const NC_PATTERN = /^[0-9a-f]{8}$/i;

/**
 * Verifies RFC 7616 Digest credentials (MD5, qop=auth) against one key pair, the way Atlas does:
 * only a request whose digest is right but whose nonce has expired (or is unknown) is answered
 * with `stale=true`, so a client with the right key just retries with the fresh nonce.
 */
export class DigestVerifier {
  readonly #realm: string;
  readonly #publicKey: string;
  readonly #ha1: string;
  readonly #nonces: NonceStore;

  constructor(options: DigestVerifierOptions) {
    this.#realm = options.realm;
    this.#publicKey = options.publicKey;
    this.#ha1 = md5(`${options.publicKey}:${options.realm}:${options.privateKey}`);
    this.#nonces = new NonceStore({ ttlMs: options.nonceTtlMs, now: options.now });
  }

  /** A challenge with a freshly issued nonce. */
  challenge(stale = false): string {
    return digestChallenge(this.#realm, this.#nonces.issue(), stale);
  }

  verify(method: string, requestTarget: string, authorization: string | undefined): DigestResult {
    const params = parseDigestAuthorization(authorization);
    if (params === undefined) {
      return this.#refuse(authorization === undefined ? "No credentials." : "Not Digest credentials.");
    }
    const { username, realm, nonce, uri, response, qop, nc, cnonce, algorithm } = params;
    if (username === undefined || nonce === undefined || uri === undefined || response === undefined) {
      return this.#refuse("Incomplete Digest credentials.");
    }
    if (realm !== this.#realm) return this.#refuse("Wrong realm.");
    if (algorithm !== undefined && algorithm.toUpperCase() !== "MD5") {
      return this.#refuse("Unsupported algorithm.");
    }
    if (qop !== "auth" || nc === undefined || !NC_PATTERN.test(nc) || !cnonce) {
      return this.#refuse('Digest credentials must use qop="auth" with nc and cnonce.');
    }
    if (!sameRequestTarget(uri, requestTarget)) {
      return this.#refuse("The digest uri does not match the request target.");
    }
    const ha2 = md5(`${method}:${uri}`);
    const expected = md5(`${this.#ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
    const rightDigest = equalHex(expected, response);
    if (username !== this.#publicKey) return this.#refuse("Unknown public key.", false, false);
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

  #refuse(reason: string, stale = false, disclose = true): DigestResult {
    return { ok: false, challenge: this.challenge(stale), reason, hint: disclose ? reason : undefined };
  }
}

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}

function equalHex(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 7616 §3.4: `uri` is the request target; some clients send it in absolute form. */
function sameRequestTarget(uri: string, requestTarget: string): boolean {
  if (uri === requestTarget) return true;
  if (!/^https?:\/\//i.test(uri)) return false;
  try {
    const parsed = new URL(uri);
    return parsed.pathname + parsed.search === requestTarget;
  } catch {
    return false;
  }
}
