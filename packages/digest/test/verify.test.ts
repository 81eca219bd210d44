/** DigestVerifier against credentials computed here with node:crypto (an oracle independent of src/). */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DigestVerifier } from "../src/server/index.js";
import { authParams } from "./helpers/auth-params.js";

const realm = "MMS Public API";
const username = "mockpublic";
const password = "00000000-0000-4000-8000-000000000000";
const h = (algorithm: "md5" | "sha256", text: string) => createHash(algorithm).update(text).digest("hex");

function credentials(
  challenge: string,
  { method = "POST", uri = "/orgs/x/apiKeys", nc = "00000001", user = username, pass = password } = {},
) {
  const { nonce, algorithm = "MD5" } = authParams(challenge);
  const node = algorithm === "MD5" ? "md5" : "sha256";
  const cnonce = "0a4f113b";
  const ha1 = h(node, `${user}:${realm}:${pass}`);
  const response = h(node, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${h(node, `${method}:${uri}`)}`);
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
}

function verifier(options: { algorithm?: "MD5" | "SHA-256"; now?: () => number } = {}) {
  return new DigestVerifier({ realm, username, password, nonceTtlMs: 1000, ...options });
}

describe("DigestVerifier", () => {
  it("challenges in Atlas's form and accepts a right MD5 digest once per nc", async () => {
    const v = verifier();
    const challenge = v.challenge();
    expect(challenge).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[0-9a-f]{32}", algorithm=MD5, qop="auth", stale=false$/,
    );
    const header = credentials(challenge);
    expect(await v.verify("POST", "/orgs/x/apiKeys", header)).toEqual({ ok: true });
    const replay = await v.verify("POST", "/orgs/x/apiKeys", header);
    expect(replay).toMatchObject({ ok: false, reason: expect.stringContaining("replay") });
    const next = credentials(challenge, { nc: "00000002" });
    expect(await v.verify("POST", "/orgs/x/apiKeys", next)).toEqual({ ok: true });
  });

  it("verifies SHA-256 when configured for it", async () => {
    const v = verifier({ algorithm: "SHA-256" });
    const challenge = v.challenge();
    expect(challenge).toContain("algorithm=SHA-256");
    expect(await v.verify("POST", "/orgs/x/apiKeys", credentials(challenge))).toEqual({ ok: true });
  });

  it("refuses a wrong password and an unknown username with the same undisclosed hint", async () => {
    const v = verifier();
    const wrongPassword = await v.verify(
      "POST",
      "/orgs/x/apiKeys",
      credentials(v.challenge(), { pass: "x" }),
    );
    const wrongUser = await v.verify(
      "POST",
      "/orgs/x/apiKeys",
      credentials(v.challenge(), { user: "other" }),
    );
    expect(wrongPassword).toMatchObject({
      ok: false,
      status: 401,
      hint: undefined,
      challenge: expect.stringContaining("stale=false"),
    });
    expect(wrongUser).toMatchObject({ ok: false, hint: undefined });
  });

  it("answers stale=true only to a right digest on an expired nonce", async () => {
    let now = 0;
    const v = verifier({ now: () => now });
    const challenge = v.challenge();
    now = 1000;
    const stale = await v.verify("POST", "/orgs/x/apiKeys", credentials(challenge));
    expect(stale).toMatchObject({ ok: false, challenge: expect.stringContaining("stale=true") });
    const wrong = await v.verify("POST", "/orgs/x/apiKeys", credentials(challenge, { pass: "x" }));
    expect(wrong).toMatchObject({ ok: false, challenge: expect.stringContaining("stale=false") });
  });

  it("refuses a digest made for another request target or method", async () => {
    const v = verifier();
    const challenge = v.challenge();
    const other = await v.verify("POST", "/orgs/y/apiKeys", credentials(challenge));
    expect(other).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining("uri") });
    const method = await v.verify("DELETE", "/orgs/x/apiKeys", credentials(challenge));
    expect(method).toMatchObject({ ok: false, status: 401, hint: undefined });
  });

  describe("a uri in absolute form (RFC 9112 §3.2.2)", () => {
    const origin = "http://127.0.0.1:4010";

    it.each([
      ["this origin", "http://127.0.0.1:4010/orgs/x/apiKeys"],
      ["this origin, the scheme and host in capitals", "HTTP://127.0.0.1:4010/orgs/x/apiKeys"],
    ])("accepts %s", async (_, uri) => {
      const v = verifier();
      const header = credentials(v.challenge(), { uri });
      expect(await v.verify("POST", "/orgs/x/apiKeys", header, origin)).toEqual({ ok: true });
    });

    it("accepts the default port left out, or written", async () => {
      const v = verifier();
      const header = credentials(v.challenge(), { uri: "http://mock.example:80/orgs/x/apiKeys" });
      expect(await v.verify("POST", "/orgs/x/apiKeys", header, "http://mock.example")).toEqual({ ok: true });
    });

    it.each([
      ["another host", "http://other-host/orgs/x/apiKeys"],
      ["another host with this port", "http://other-host:4010/orgs/x/apiKeys"],
      ["another port", "http://127.0.0.1:4011/orgs/x/apiKeys"],
      ["another scheme", "https://127.0.0.1:4010/orgs/x/apiKeys"],
      ["user information", "http://u@127.0.0.1:4010/orgs/x/apiKeys"],
      ["another path", "http://127.0.0.1:4010/orgs/y/apiKeys"],
      ["another query", "http://127.0.0.1:4010/orgs/x/apiKeys?pretty=true"],
      ["the same path once normalized", "http://127.0.0.1:4010/orgs/y/../x/apiKeys"],
      ["no path", "http://127.0.0.1:4010"],
      ["another path behind a backslash", "http://127.0.0.1:4010\\evil/orgs/x/apiKeys"],
      ["this port with a tab in it", "http://127.0.0.1:40\t10/orgs/x/apiKeys"],
      ["this port with a leading zero", "http://127.0.0.1:04010/orgs/x/apiKeys"],
      ["this host with a trailing dot", "http://127.0.0.1.:4010/orgs/x/apiKeys"],
      ["this address as 127.1", "http://127.1:4010/orgs/x/apiKeys"],
      ["this address as a number", "http://2130706433:4010/orgs/x/apiKeys"],
      ["this address in hexadecimal", "http://0x7f.0.0.1:4010/orgs/x/apiKeys"],
      ["this address percent-encoded", "http://127.0.0.%31:4010/orgs/x/apiKeys"],
    ])("refuses one naming %s with the uri's 400, whatever the digest", async (_, uri) => {
      const v = verifier();
      const header = credentials(v.challenge(), { uri });
      expect(await v.verify("POST", "/orgs/x/apiKeys", header, origin)).toMatchObject({
        ok: false,
        status: 400,
        reason: "The digest uri does not match the request target.",
        hint: "The digest uri does not match the request target.",
      });
    });

    it("refuses one when the request's origin is not known", async () => {
      const v = verifier();
      const header = credentials(v.challenge(), { uri: `${origin}/orgs/x/apiKeys` });
      expect(await v.verify("POST", "/orgs/x/apiKeys", header)).toMatchObject({ ok: false, status: 400 });
    });

    it("takes one with no path (http://host) as the target /", async () => {
      const v = verifier();
      const header = credentials(v.challenge(), { uri: origin, method: "GET" });
      expect(await v.verify("GET", "/", header, origin)).toEqual({ ok: true });
    });
  });

  it.each([
    ["no header", undefined],
    ["another scheme", "Basic bW9jazpwdw=="],
    ["an unterminated quoted-string", 'Digest username="mockpublic'],
    ["no qop", 'Digest username="u", realm="MMS Public API", nonce="n", uri="/", response="r"'],
    ["two credentials", 'Digest username="u", Digest username="v"'],
  ])("refuses %s without throwing", async (_, header) => {
    const result = await verifier().verify("GET", "/", header);
    expect(result.ok).toBe(false);
  });
});
