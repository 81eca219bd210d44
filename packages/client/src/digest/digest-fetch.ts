/**
 * A fetch that signs requests with HTTP Digest (RFC 7616) and keeps the server's nonce, counting nc
 * per nonce (§3.4), so after the first call each call is one pre-emptive signed request. A 401 with
 * `stale=true` (§3.3) is signed again once with the new nonce; any other 401 is returned as is.
 */
import { readBody, resend } from "../replay.js";
import { type DigestChallenge, selectDigestChallenge } from "./challenge.js";
import { createCnonce, type DigestCredentials, hashA1, signDigest } from "./sign.js";

export type FetchFn = (input: Request) => Promise<Response>;

export interface DigestFetchOptions {
  /** Digest username: the Atlas API key's public key. */
  publicKey: string;
  /** Digest password: the Atlas API key's private key. Kept in a closure, never exposed. */
  privateKey: string;
  /** Transport under the Digest layer; defaults to `globalThis.fetch` at call time. */
  fetch?: FetchFn;
}

/** Sends the request once more: signed with this Authorization header, or unsigned (the probe). */
export type Send = (authorization?: string) => Promise<Response>;

/** Sends one request through `send` with Digest: once when the nonce is known, at most three times. */
export type DigestSigner = (method: string, url: URL, signal: AbortSignal, send: Send) => Promise<Response>;

/** A nonce, how many requests were signed with it, and H(A1) for it. */
interface NonceState {
  challenge: DigestChallenge;
  nc: number;
  ha1?: string | Promise<string>;
}

const MAX_NC = 0xffffffff;

const challengeOf = (response: Response) =>
  response.status === 401 ? selectDigestChallenge(response.headers.get("WWW-Authenticate")) : undefined;
/** Discards a body that will not be read, so the connection can be reused. */
const discard = (response: Response) => response.body?.cancel().catch(() => {});

export function createDigestSigner(credentials: DigestCredentials): DigestSigner {
  /** Current nonce per origin (the protection space of Atlas is one realm per origin). */
  const nonces = new Map<string, NonceState>();
  /** While the first unsigned request to an origin waits for its challenge, others wait for it too. */
  const probes = new Map<string, Promise<void>>();

  return async (method, url, signal, send) => {
    const origin = url.origin;
    const sign = async (state: NonceState) => {
      state.nc += 1; // taken synchronously: concurrent calls never share an nc for one nonce
      const nc = state.nc;
      state.ha1 ??= hashA1(credentials, state.challenge);
      const { challenge, ha1 } = state;
      const uri = url.pathname + url.search;
      return send(await signDigest(credentials, { challenge, method, uri, nc, cnonce: createCnonce(), ha1 }));
    };

    let state = nonces.get(origin);
    const pending = probes.get(origin);
    if (!state && pending) {
      await pending;
      state = nonces.get(origin);
    }
    if (state && state.nc >= MAX_NC) state = undefined;

    let response: Response;
    if (state) {
      response = await sign(state);
    } else {
      let done = () => {};
      const probe = new Promise<void>((resolve) => {
        done = resolve;
      });
      // Waiters are released when the probe is answered, fails or is aborted (a timeout).
      const release = () => {
        if (probes.get(origin) === probe) probes.delete(origin);
        done();
      };
      probes.set(origin, probe);
      signal.addEventListener("abort", release, { once: true });
      try {
        response = await send();
        const challenge = challengeOf(response);
        if (!challenge) return response;
        state = { challenge, nc: 0 };
        nonces.set(origin, state);
      } finally {
        signal.removeEventListener("abort", release);
        release();
      }
      await discard(response);
      response = await sign(state);
    }

    const challenge = challengeOf(response);
    if (!challenge) return response;
    const fresh: NonceState = { challenge, nc: 0 };
    if (!challenge.stale) {
      // Wrong credentials (or no right to the resource): never sign a second time.
      nonces.set(origin, fresh);
      return response;
    }
    // The nonce expired: sign once more with the new one, used by this request alone until it
    // has been answered, so no concurrent request can make it look replayed.
    await discard(response);
    response = await sign(fresh);
    if (response.status !== 401) nonces.set(origin, fresh);
    return response;
  };
}

export function createDigestFetch(
  options: DigestFetchOptions,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  const digest = createDigestSigner({ username: options.publicKey, password: options.privateKey });
  const transport: FetchFn = options.fetch ?? ((request) => globalThis.fetch(request));
  return async function digestFetch(input, init) {
    const request = new Request(input, init);
    const body = await readBody(request);
    return digest(request.method, new URL(request.url), request.signal, (authorization) =>
      transport(resend(request, body, authorization)),
    );
  };
}
