import { toHex } from "../hash.js";

/** Outcome of presenting a nonce and its `nc` counter. */
export type NonceUse = "ok" | "stale" | "replayed";

/**
 * How many counters below the highest one seen stay acceptable. Clients with several requests in
 * flight on one nonce deliver their `nc` values out of order, so "strictly increasing" would
 * reject honest traffic; a sliding window (as in IPsec anti-replay) still rejects every repeat.
 */
const NC_WINDOW = 1024;

interface NonceState {
  readonly issuedAt: number;
  highestNc: number;
  /** seen[nc % NC_WINDOW] is 1 when nc (within the window) was used; allocated on first use. */
  seen: Uint8Array | undefined;
}

export interface NonceStoreOptions {
  readonly ttlMs: number;
  readonly now?: () => number;
}

/**
 * Issues server nonces (16 random bytes, hex) and remembers, per nonce, its age and which `nc`
 * values were used (RFC 7616 §3.3 leaves nonce lifetime and replay checks to the server; §5.5).
 */
export class NonceStore {
  readonly #ttlMs: number;
  readonly #now: () => number;
  // A Map iterates in insertion order, which is issue order: expired nonces are always at the front.
  readonly #nonces = new Map<string, NonceState>();

  constructor(options: NonceStoreOptions) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  issue(): string {
    const now = this.#now();
    this.#evictExpired(now);
    const nonce = toHex(crypto.getRandomValues(new Uint8Array(16)));
    this.#nonces.set(nonce, { issuedAt: now, highestNc: 0, seen: undefined });
    return nonce;
  }

  /** Records one use of `nonce` with counter `nc` (already parsed from hex). */
  use(nonce: string, nc: number): NonceUse {
    const state = this.#nonces.get(nonce);
    if (state === undefined) return "stale";
    if (this.#now() - state.issuedAt >= this.#ttlMs) {
      this.#nonces.delete(nonce);
      return "stale";
    }
    return markCounter(state, nc) ? "ok" : "replayed";
  }

  get size(): number {
    return this.#nonces.size;
  }

  #evictExpired(now: number): void {
    for (const [nonce, state] of this.#nonces) {
      if (now - state.issuedAt < this.#ttlMs) return;
      this.#nonces.delete(nonce);
    }
  }
}

function markCounter(state: NonceState, nc: number): boolean {
  if (nc < 1) return false;
  state.seen ??= new Uint8Array(NC_WINDOW);
  const seen = state.seen;
  if (nc > state.highestNc) {
    if (nc - state.highestNc >= NC_WINDOW) seen.fill(0);
    else for (let n = state.highestNc + 1; n < nc; n++) seen[n % NC_WINDOW] = 0;
    state.highestNc = nc;
    seen[nc % NC_WINDOW] = 1;
    return true;
  }
  if (nc <= state.highestNc - NC_WINDOW || seen[nc % NC_WINDOW] === 1) return false;
  seen[nc % NC_WINDOW] = 1;
  return true;
}
