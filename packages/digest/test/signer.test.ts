/** The client-side signer's waits: a call waiting for another call's first challenge honours its own abort. */
import { describe, expect, it } from "vitest";
import { createDigestSigner } from "../src/client/index.js";

const CHALLENGE = 'Digest realm="MMS Public API", nonce="abc", algorithm=MD5, qop="auth"';
const url = new URL("https://cloud.mongodb.com/api/atlas/v1.0/orgs/x/apiKeys");

describe("createDigestSigner", () => {
  it("a call waiting on another call's probe rejects promptly when its signal aborts", async () => {
    const sign = createDigestSigner({ username: "pub", password: "secret" });
    let answerProbe: (response: Response) => void = () => {};
    const sends: (string | undefined)[] = [];
    const send = (authorization?: string) => {
      sends.push(authorization);
      if (authorization === undefined) return new Promise<Response>((resolve) => (answerProbe = resolve));
      return Promise.resolve(new Response("{}", { status: 200 }));
    };
    const first = sign("GET", url, new AbortController().signal, send);
    const controller = new AbortController();
    const second = sign("GET", url, controller.signal, send);
    const reason = new Error("the caller gave up");
    const started = Date.now();
    setTimeout(() => controller.abort(reason), 20);
    await expect(second).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
    // the first call is unaffected: its probe is answered, it signs and completes
    answerProbe(new Response(null, { status: 401, headers: { "WWW-Authenticate": CHALLENGE } }));
    expect((await first).status).toBe(200);
    expect(sends).toHaveLength(2);
    expect(sends[0]).toBeUndefined();
    expect(sends[1]).toMatch(/^Digest username="pub"/);
  });

  it("a call whose signal is already aborted does not wait for another call's probe", async () => {
    const sign = createDigestSigner({ username: "pub", password: "secret" });
    const send = () => new Promise<Response>(() => {});
    void sign("GET", url, new AbortController().signal, send);
    const reason = new Error("already aborted");
    await expect(sign("GET", url, AbortSignal.abort(reason), send)).rejects.toBe(reason);
  });
});
