/**
 * Client-side Digest state (RFC 7616 §3.3–§3.4): keeps each origin's nonce and counts `nc` per
 * nonce, so after the first call every call is one pre-emptively signed request. Concurrent first
 * calls to an origin share one unsigned probe; a 401 with `stale=true` is signed again once with
 * the new nonce; any other 401 is returned as is (wrong credentials are never retried).
 */
import { hashA1 } from "../response.js";
import { createCnonce, type DigestCredentials, formatAuthorization } from "./authorization.js";
import { type DigestChallenge, selectDigestChallenge } from "./challenge.js";

/** Sends the request once: signed with this `Authorization` value, or unsigned (the probe). */
export type Send = (authorization?: string) => Promise<Response>;

/**
 * Sends one request through `send` with Digest: once when the origin's nonce is known, at most
 * three times (probe, signed, re-signed after `stale=true`). `signal` releases calls waiting for
 * this call's probe when it is aborted, and ends this call's own wait for another call's probe.
 * @throws DigestError when a 401's challenge is malformed or cannot be answered.
 */
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

/** Waits for `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A signer for one pair of credentials; it holds the password in a closure and nowhere else. */
export function createDigestSigner(credentials: DigestCredentials): DigestSigner {
  /** Current nonce per origin (Atlas's protection space is one realm per origin). */
  const nonces = new Map<string, NonceState>();
  /** While the first unsigned request to an origin waits for its challenge, others wait for it too. */
  const probes = new Map<string, Promise<void>>();

  return async (method, url, signal, send) => {
    const origin = url.origin;
    const sign = async (state: NonceState) => {
      state.nc += 1; // taken synchronously: concurrent calls never share an nc for one nonce
      const nc = state.nc;
      const { challenge } = state;
      state.ha1 ??= hashA1(challenge.algorithm, credentials.username, challenge.realm, credentials.password);
      const uri = url.pathname + url.search;
      const cnonce = createCnonce();
      return send(
        await formatAuthorization(credentials, { challenge, method, uri, nc, cnonce, ha1: state.ha1 }),
      );
    };

    let state = nonces.get(origin);
    const pending = probes.get(origin);
    if (!state && pending) {
      await untilAborted(pending, signal);
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
