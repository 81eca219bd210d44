/**
 * A fetch that signs requests with HTTP Digest (RFC 7616) and keeps the server's nonce, counting nc
 * per nonce (§3.4), so after the first call each call is one pre-emptive signed request. A 401 with
 * `stale=true` (§3.3) is signed again once with the new nonce; any other 401 is returned as is.
 */
import { replayable } from "../replay.js";
import { type DigestChallenge, selectDigestChallenge } from "./challenge.js";
import { createCnonce, type DigestCredentials, signDigest } from "./sign.js";

export type FetchFn = (input: Request) => Promise<Response>;

export interface DigestFetchOptions {
  /** Digest username: the Atlas API key's public key. */
  publicKey: string;
  /** Digest password: the Atlas API key's private key. Kept in a closure, never exposed. */
  privateKey: string;
  /** Transport under the Digest layer; defaults to `globalThis.fetch` at call time. */
  fetch?: FetchFn;
}

/** A nonce and how many requests were signed with it. */
interface NonceState {
  challenge: DigestChallenge;
  nc: number;
}

const MAX_NC = 0xffffffff;

export function createDigestFetch(
  options: DigestFetchOptions,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  const credentials: DigestCredentials = { username: options.publicKey, password: options.privateKey };
  const transport: FetchFn = options.fetch ?? ((request) => globalThis.fetch(request));
  /** Current nonce per origin (the protection space of Atlas is one realm per origin). */
  const nonces = new Map<string, NonceState>();
  /** While the first unsigned request to an origin waits for its challenge, others wait for it too. */
  const probes = new Map<string, Promise<void>>();

  async function send(make: (headers?: Headers) => Request, request: Request, state: NonceState) {
    state.nc += 1; // taken synchronously: concurrent calls never share an nc for one nonce
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.set(
      "Authorization",
      await signDigest(credentials, {
        challenge: state.challenge,
        method: request.method,
        uri: url.pathname + url.search,
        nc: state.nc,
        cnonce: createCnonce(),
      }),
    );
    return transport(make(headers));
  }

  const challengeOf = (response: Response) =>
    response.status === 401 ? selectDigestChallenge(response.headers.get("WWW-Authenticate")) : undefined;
  /** Discards a body that will not be read, so the connection can be reused. */
  const discard = (response: Response) => response.body?.cancel().catch(() => {});

  return async function digestFetch(input, init) {
    const request = new Request(input, init);
    const make = await replayable(request);
    const origin = new URL(request.url).origin;

    let state = nonces.get(origin);
    const pending = probes.get(origin);
    if (!state && pending) {
      await pending;
      state = nonces.get(origin);
    }
    if (state && state.nc >= MAX_NC) state = undefined;

    let response: Response;
    if (state) {
      response = await send(make, request, state);
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
      request.signal.addEventListener("abort", release, { once: true });
      try {
        response = await transport(make());
        const challenge = challengeOf(response);
        if (!challenge) return response;
        state = { challenge, nc: 0 };
        nonces.set(origin, state);
      } finally {
        request.signal.removeEventListener("abort", release);
        release();
      }
      await discard(response);
      response = await send(make, request, state);
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
    response = await send(make, request, fresh);
    if (response.status !== 401) nonces.set(origin, fresh);
    return response;
  };
}
