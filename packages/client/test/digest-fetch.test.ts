/** createDigestFetch with an injected fetch: what goes on the wire, request by request. */
import { describe, expect, it } from "vitest";
import { AtlasDigestError } from "../src/errors.js";
import { createDigestFetch } from "../src/index.js";
import { authParams, json, recordingFetch } from "./helpers/recording-fetch.js";

const challenge = (nonce: string, extra = "") =>
  json(
    401,
    { error: 401, errorCode: "UNAUTHORIZED" },
    {
      "WWW-Authenticate": `Digest realm="MMS Public API", domain="", nonce="${nonce}", algorithm=MD5, qop="auth"${extra}`,
    },
  );

/** Answers 401 to unsigned requests, 200 to signed ones. */
const atlasLike = () =>
  recordingFetch((request) =>
    request.headers.has("Authorization") ? json(200, { ok: true }) : challenge("nonce-1", ", stale=false"),
  );

const credentials = { publicKey: "pub", privateKey: "secret" };

describe("createDigestFetch", () => {
  it("signs with uri = path plus query string, and reuses the nonce with nc counting up", async () => {
    const wire = atlasLike();
    const digestFetch = createDigestFetch({ ...credentials, fetch: wire.fetch });
    for (let i = 0; i < 3; i++) {
      const response = await digestFetch(
        "https://h.example/api/atlas/v1.0/orgs/1/apiKeys?pretty=true&x=%2F",
        {
          method: "POST",
          body: "{}",
        },
      );
      expect(response.status).toBe(200);
    }
    expect(wire.requests).toHaveLength(4);
    const signed = wire.requests.slice(1).map((r) => authParams(r.headers.get("Authorization")));
    expect(signed.map((p) => p.uri)).toEqual(
      Array(3).fill("/api/atlas/v1.0/orgs/1/apiKeys?pretty=true&x=%2F"),
    );
    expect(signed.map((p) => p.nc)).toEqual(["00000001", "00000002", "00000003"]);
    expect(signed.map((p) => p.nonce)).toEqual(["nonce-1", "nonce-1", "nonce-1"]);
    expect(
      signed.every((p) => p.username === "pub" && p.qop === "auth" && p.realm === "MMS Public API"),
    ).toBe(true);
    expect(new Set(signed.map((p) => p.cnonce)).size).toBe(3);
  });

  it("re-sends the same body bytes after the 401", async () => {
    const wire = atlasLike();
    const digestFetch = createDigestFetch({ ...credentials, fetch: wire.fetch });
    const body = JSON.stringify({ desc: "é 😀 \u0000", roles: ["ORG_MEMBER"] });
    await digestFetch(new Request("https://h.example/x", { method: "POST", body }));
    expect(wire.requests.map((r) => r.body)).toEqual([body, body]);
  });

  it("never reuses an nc for one nonce under concurrent calls", async () => {
    const wire = atlasLike();
    const digestFetch = createDigestFetch({ ...credentials, fetch: wire.fetch });
    await Promise.all(Array.from({ length: 30 }, () => digestFetch("https://h.example/x")));
    const signed = wire.requests.filter((r) => r.headers.has("Authorization"));
    expect(signed).toHaveLength(30);
    const ncs = signed.map((r) => authParams(r.headers.get("Authorization")).nc);
    expect(new Set(ncs).size).toBe(30);
    expect(wire.requests).toHaveLength(31);
  });

  it("keeps one nonce per origin", async () => {
    const wire = atlasLike();
    const digestFetch = createDigestFetch({ ...credentials, fetch: wire.fetch });
    await digestFetch("https://a.example/x");
    await digestFetch("https://b.example/x");
    await digestFetch("https://a.example/y");
    expect(wire.requests.map((r) => [new URL(r.url).host, r.headers.has("Authorization")])).toEqual([
      ["a.example", false],
      ["a.example", true],
      ["b.example", false],
      ["b.example", true],
      ["a.example", true],
    ]);
  });

  // A loop would hit recordingFetch's request cap; the timeout bounds any other kind of hang.
  it("signs once more on stale=true, and returns a second stale 401 instead of looping", {
    timeout: 2000,
  }, async () => {
    let n = 0;
    const wire = recordingFetch(() => challenge(`nonce-${++n}`, ", stale=true"));
    const digestFetch = createDigestFetch({ ...credentials, fetch: wire.fetch });
    const response = await digestFetch("https://h.example/x");
    expect(response.status).toBe(401);
    expect(wire.requests).toHaveLength(3);
    expect(authParams(wire.requests[2]?.headers.get("Authorization") ?? null)).toMatchObject({
      nonce: "nonce-2",
      nc: "00000001",
    });
  });

  it("returns the 401 of wrong credentials with its body after one signed attempt", async () => {
    const wire = recordingFetch(() => challenge("n", ", stale=false"));
    const digestFetch = createDigestFetch({ ...credentials, fetch: wire.fetch });
    const response = await digestFetch("https://h.example/x");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 401, errorCode: "UNAUTHORIZED" });
    expect(wire.requests).toHaveLength(2);
  });

  it("passes through a 401 without a Digest challenge, and answers that need no auth", async () => {
    const wire = recordingFetch((_, i) =>
      i === 0
        ? new Response("no", { status: 401, headers: { "WWW-Authenticate": 'Basic realm="x"' } })
        : json(200, {}),
    );
    const digestFetch = createDigestFetch({ ...credentials, fetch: wire.fetch });
    expect((await digestFetch("https://h.example/x")).status).toBe(401);
    expect((await digestFetch("https://h.example/x")).status).toBe(200);
    expect(wire.requests.every((r) => !r.headers.has("Authorization"))).toBe(true);
  });

  it.each([
    ['Digest realm="r", nonce="n", qop="auth-int"', "auth-int only"],
    ['Digest realm="r", nonce="n"', "no qop"],
    ['Digest realm="r", nonce="n", qop="auth", algorithm=SHA-512-256', "unknown algorithm"],
  ])("throws AtlasDigestError instead of signing wrongly: %s (%s)", async (header) => {
    const wire = recordingFetch(
      () => new Response(null, { status: 401, headers: { "WWW-Authenticate": header } }),
    );
    const digestFetch = createDigestFetch({ ...credentials, fetch: wire.fetch });
    await expect(digestFetch("https://h.example/x")).rejects.toThrow(AtlasDigestError);
    expect(wire.requests).toHaveLength(1);
  });
});
