import { toHex } from "../hash.js";

/** Outcome of presenting a nonce and its `nc` counter. */
export type NonceUse = "ok" | "stale" | "replayed";

/**
 * How many counters below the highest one seen stay acceptable. Clients with several requests in
 * flight on one nonce deliver their `nc` values out of order, so "strictly increasing" would
 * reject honest traffic; a sliding window (as in IPsec anti-replay) still rejects every repeat.
 * RFC 7616 §3.3 leaves the check to the server. 8,192 counters (a 1 KiB bitmap per nonce in use)
 * let a client keep thousands of calls in flight on one nonce; only a counter that falls more
 * than that behind the highest one is refused.
 */
export const NC_WINDOW = 8192;
/** Nonces remembered at once by default; past it the oldest is forgotten (its next use is stale). */
export const DEFAULT_MAX_NONCES = 10_000;

interface NonceState {
  readonly issuedAt: number;
  highestNc: number;
  /** Bit nc % NC_WINDOW is set when nc (within the window) was used; allocated on first use. */
  seen: Uint32Array | undefined;
}

export interface NonceStoreOptions {
  /** Lifetime of a nonce in ms; older nonces are answered `stale`. */
  readonly ttlMs: number;
  /**
   * Nonces kept at once; issuing one more forgets the oldest. Bounds memory at about
   * 1.1 KiB per nonce in use. Default 10,000.
   */
  readonly maxNonces?: number;
  readonly now?: () => number;
}

/**
 * Issues server nonces (16 random bytes, hex) and remembers, per nonce, its age and which `nc`
 * values were used (RFC 7616 §3.3 leaves nonce lifetime and replay checks to the server; §5.5).
 */
export class NonceStore {
  readonly #ttlMs: number;
  readonly #maxNonces: number;
  readonly #now: () => number;
  // A Map iterates in insertion order, which is issue order: expired nonces are always at the front.
  readonly #nonces = new Map<string, NonceState>();

  constructor(options: NonceStoreOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxNonces = options.maxNonces ?? DEFAULT_MAX_NONCES;
    if (!(Number.isInteger(this.#maxNonces) && this.#maxNonces > 0))
      throw new RangeError(`maxNonces must be a positive integer, got ${this.#maxNonces}`);
    this.#now = options.now ?? Date.now;
  }

  issue(): string {
    const now = this.#now();
    this.#evictExpired(now);
    // Insertion order is issue order: the first key is the oldest nonce.
    while (this.#nonces.size >= this.#maxNonces) {
      const oldest = this.#nonces.keys().next().value as string;
      this.#nonces.delete(oldest);
    }
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
  state.seen ??= new Uint32Array(NC_WINDOW / 32);
  const seen = state.seen;
  if (nc > state.highestNc) {
    if (nc - state.highestNc >= NC_WINDOW) seen.fill(0);
    else for (let n = state.highestNc + 1; n < nc; n++) setBit(seen, n, false);
    state.highestNc = nc;
    setBit(seen, nc, true);
    return true;
  }
  if (nc <= state.highestNc - NC_WINDOW || hasBit(seen, nc)) return false;
  setBit(seen, nc, true);
  return true;
}

function hasBit(bits: Uint32Array, n: number): boolean {
  const i = n % NC_WINDOW;
  return ((bits[i >>> 5] as number) & (1 << (i & 31))) !== 0;
}

function setBit(bits: Uint32Array, n: number, on: boolean): void {
  const i = n % NC_WINDOW;
  const word = bits[i >>> 5] as number;
  bits[i >>> 5] = on ? word | (1 << (i & 31)) : word & ~(1 << (i & 31));
}
