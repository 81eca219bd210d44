import { describe, expect, it } from "vitest";
import { selectDigestChallenge } from "../src/client/index.js";
import { DigestError, parseAuthHeader } from "../src/index.js";

const atlas =
  'Digest realm="MMS Public API", domain="", nonce="ZUs5iG8pVYFy4jD2tz8KX7zr6e2FuVx0", algorithm=MD5, qop="auth", stale=false';

describe("parseAuthHeader", () => {
  it("reads Atlas's own challenge", () => {
    expect(parseAuthHeader(atlas)).toEqual([
      {
        scheme: "Digest",
        params: {
          realm: "MMS Public API",
          domain: "",
          nonce: "ZUs5iG8pVYFy4jD2tz8KX7zr6e2FuVx0",
          algorithm: "MD5",
          qop: "auth",
          stale: "false",
        },
      },
    ]);
  });

  it("splits several challenges in one header, with quoted and unquoted values", () => {
    const header = `Basic realm="x", ${atlas}, Negotiate abc123==, Bearer realm=api,scope="a b"`;
    const parsed = parseAuthHeader(header);
    expect(parsed.map((c) => c.scheme)).toEqual(["Basic", "Digest", "Negotiate", "Bearer"]);
    expect(parsed[0]?.params).toEqual({ realm: "x" });
    expect(parsed[1]?.params.nonce).toBe("ZUs5iG8pVYFy4jD2tz8KX7zr6e2FuVx0");
    expect(parsed[2]?.params).toEqual({});
    expect(parsed[3]?.params).toEqual({ realm: "api", scope: "a b" });
  });

  it("unescapes quoted-pairs and keeps commas inside quotes", () => {
    const [challenge] = parseAuthHeader('Digest realm="a \\"quoted\\" realm, with comma", nonce="n\\\\1"');
    expect(challenge?.params).toEqual({ realm: 'a "quoted" realm, with comma', nonce: "n\\1" });
  });

  it("accepts whitespace around '=' and lower-cases parameter names", () => {
    expect(parseAuthHeader('digest Realm = "r" ,\tNONCE=abc')[0]?.params).toEqual({
      realm: "r",
      nonce: "abc",
    });
  });

  it("rejects an unterminated quoted-string", () => {
    expect(() => parseAuthHeader('Digest realm="oops')).toThrow(DigestError);
  });
});

describe("selectDigestChallenge", () => {
  it("returns undefined without a Digest challenge", () => {
    expect(selectDigestChallenge(null)).toBeUndefined();
    expect(selectDigestChallenge('Basic realm="x"')).toBeUndefined();
  });

  it("picks the Digest challenge among others and reads stale", () => {
    expect(selectDigestChallenge(`Basic realm="x", ${atlas.replace("stale=false", "stale=TRUE")}`)).toEqual({
      realm: "MMS Public API",
      nonce: "ZUs5iG8pVYFy4jD2tz8KX7zr6e2FuVx0",
      opaque: undefined,
      algorithm: "MD5",
      qop: "auth",
      stale: true,
      userhash: false,
    });
  });

  it("defaults to MD5, accepts SHA-256 and -sess variants, quoted or not, any case", () => {
    expect(selectDigestChallenge('Digest realm="r", nonce="n", qop="auth"')?.algorithm).toBe("MD5");
    expect(
      selectDigestChallenge('Digest realm="r", nonce="n", qop="auth", algorithm=sha-256')?.algorithm,
    ).toBe("SHA-256");
    expect(
      selectDigestChallenge('Digest realm="r", nonce="n", qop="auth", algorithm="MD5-sess"')?.algorithm,
    ).toBe("MD5-sess");
    expect(
      selectDigestChallenge('Digest realm="r", nonce="n", qop="auth-int, auth", algorithm=SHA-256-sess')
        ?.algorithm,
    ).toBe("SHA-256-sess");
  });

  it("takes the first supported challenge in the server's order", () => {
    const header =
      'Digest realm="r", nonce="n1", qop="auth", algorithm=SHA-512-256, Digest realm="r", nonce="n2", qop="auth", algorithm=SHA-256';
    expect(selectDigestChallenge(header)).toMatchObject({ nonce: "n2", algorithm: "SHA-256" });
  });

  it.each([
    ['Digest realm="r", nonce="n", qop="auth-int"', /unsupported qop "auth-int"/],
    ['Digest realm="r", nonce="n"', /no qop/],
    ['Digest realm="r", nonce="n", qop="auth", algorithm=SHA-512-256', /unsupported algorithm SHA-512-256/],
    ['Digest realm="r", nonce="n", qop="auth", algorithm=FOO', /unsupported algorithm FOO/],
    ['Digest realm="r", qop="auth"', /realm or nonce missing/],
  ])("refuses %s with a clear error", (header, message) => {
    expect(() => selectDigestChallenge(header)).toThrow(DigestError);
    expect(() => selectDigestChallenge(header)).toThrow(message);
  });
});
