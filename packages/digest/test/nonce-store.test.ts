import { describe, expect, it } from "vitest";
import { NC_WINDOW, NonceStore } from "../src/server/index.js";

function store(ttlMs = 1000) {
  let now = 0;
  const nonces = new NonceStore({ ttlMs, now: () => now });
  return { nonces, advance: (ms: number) => (now += ms) };
}

describe("NonceStore", () => {
  it("accepts each counter once, in any order within the window", () => {
    const { nonces } = store();
    const nonce = nonces.issue();
    expect([5, 1, 3, 2, 4].map((nc) => nonces.use(nonce, nc))).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect([1, 5, 3].map((nc) => nonces.use(nonce, nc))).toEqual(["replayed", "replayed", "replayed"]);
  });

  it("refuses nc=0 and counters that fell out of the replay window", () => {
    const { nonces } = store();
    const nonce = nonces.issue();
    expect(nonces.use(nonce, 0)).toBe("replayed");
    expect(nonces.use(nonce, NC_WINDOW + 5000)).toBe("ok");
    expect(nonces.use(nonce, 10)).toBe("replayed");
    expect(nonces.use(nonce, 5000)).toBe("replayed");
    expect(nonces.use(nonce, 5001)).toBe("ok");
  });

  it("accepts 3,000 counters delivered in reverse order (many calls in flight on one nonce)", () => {
    const { nonces } = store();
    const nonce = nonces.issue();
    const answers = Array.from({ length: 3000 }, (_, i) => nonces.use(nonce, 3000 - i));
    expect(answers.every((a) => a === "ok")).toBe(true);
    expect(nonces.use(nonce, 1500)).toBe("replayed");
  });

  it("keeps at most maxNonces, forgetting the oldest first", () => {
    let now = 0;
    const nonces = new NonceStore({ ttlMs: 60_000, maxNonces: 3, now: () => now });
    const issued = Array.from({ length: 5 }, () => {
      now += 1;
      return nonces.issue();
    });
    expect(nonces.size).toBe(3);
    expect(nonces.use(issued[0] as string, 1)).toBe("stale");
    expect(nonces.use(issued[1] as string, 1)).toBe("stale");
    expect(nonces.use(issued[4] as string, 1)).toBe("ok");
    expect(() => new NonceStore({ ttlMs: 1, maxNonces: 0 })).toThrow(RangeError);
  });

  it("calls unknown and expired nonces stale and forgets expired ones", () => {
    const { nonces, advance } = store(1000);
    expect(nonces.use("unknown", 1)).toBe("stale");
    const old = nonces.issue();
    advance(600);
    const recent = nonces.issue();
    advance(500);
    expect(nonces.use(old, 1)).toBe("stale");
    expect(nonces.use(recent, 1)).toBe("ok");
    advance(600);
    nonces.issue();
    expect(nonces.size).toBe(1);
  });
});
