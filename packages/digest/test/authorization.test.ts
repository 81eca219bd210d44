import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createCnonce,
  type DigestChallenge,
  formatAuthorization,
  selectDigestChallenge,
} from "../src/client/index.js";
import { authParams } from "./helpers/auth-params.js";

// RFC 7616 §3.9.1
const rfc = {
  username: "Mufasa",
  password: "Circle of Life",
  uri: "/dir/index.html",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  header: (algorithm: string) =>
    `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
};

const challenge = (algorithm: string) => selectDigestChallenge(rfc.header(algorithm)) as DigestChallenge;
const sign = (algorithm: string, extra: Partial<Parameters<typeof formatAuthorization>[1]> = {}) =>
  formatAuthorization(
    { username: rfc.username, password: rfc.password },
    { challenge: challenge(algorithm), method: "GET", uri: rfc.uri, nc: 1, cnonce: rfc.cnonce, ...extra },
  );

const h = (algorithm: "md5" | "sha256", text: string) => createHash(algorithm).update(text).digest("hex");

describe("formatAuthorization", () => {
  it("reproduces RFC 7616 §3.9.1 for SHA-256", async () => {
    const params = authParams(await sign("SHA-256"));
    expect(params).toEqual({
      username: "Mufasa",
      realm: "http-auth@example.org",
      nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
      uri: "/dir/index.html",
      algorithm: "SHA-256",
      qop: "auth",
      nc: "00000001",
      cnonce: rfc.cnonce,
      response: "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    });
  });

  it("reproduces RFC 7616 §3.9.1 for MD5", async () => {
    expect(authParams(await sign("MD5")).response).toBe("8ca523f5e9506fed4657c9700eebdbec");
  });

  it("computes -sess A1 (RFC 7616 §3.4.2), checked with node:crypto", async () => {
    const { nonce, realm } = challenge("SHA-256-sess");
    for (const [algorithm, node] of [
      ["MD5-sess", "md5"],
      ["SHA-256-sess", "sha256"],
    ] as const) {
      const ha1 = h(node, `${h(node, `${rfc.username}:${realm}:${rfc.password}`)}:${nonce}:${rfc.cnonce}`);
      const ha2 = h(node, `POST:/a?b=c`);
      const expected = h(node, `${ha1}:${nonce}:0000002a:${rfc.cnonce}:auth:${ha2}`);
      const params = authParams(await sign(algorithm, { method: "POST", uri: "/a?b=c", nc: 42 }));
      expect(params).toMatchObject({ algorithm, nc: "0000002a", response: expected });
    }
  });

  it("hashes the username when the server asks for userhash (RFC 7616 §3.4.4)", async () => {
    const withUserhash = { ...challenge("SHA-256"), userhash: true };
    const header = await formatAuthorization(
      { username: rfc.username, password: rfc.password },
      { challenge: withUserhash, method: "GET", uri: rfc.uri, nc: 1, cnonce: rfc.cnonce },
    );
    const params = authParams(header);
    expect(params.username).toBe(h("sha256", `Mufasa:http-auth@example.org`));
    expect(params.userhash).toBe("true");
    expect(params.response).toBe("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  });

  it("escapes quotes in echoed values and writes nc as 8 hex digits", async () => {
    const c = { ...challenge("MD5"), nonce: 'n"1', realm: "r\\x" };
    const header = await formatAuthorization(
      { username: "u", password: "p" },
      { challenge: c, method: "GET", uri: "/", nc: 0xabcdef, cnonce: "c" },
    );
    expect(header).toContain('nonce="n\\"1"');
    expect(header).toContain('realm="r\\\\x"');
    expect(header).toContain("nc=00abcdef");
  });

  it("makes a fresh 128-bit cnonce every time", () => {
    const a = createCnonce();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(createCnonce()).not.toBe(a);
  });
});
