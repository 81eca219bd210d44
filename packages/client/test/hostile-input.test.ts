/**
 * Hostile options and token-endpoint answers: each case names an input a user or a server can
 * give, and what the client does instead of misbehaving (an immediate timeout, an unchecked
 * credential, a token it cannot send, a secret in a message, a followed redirect).
 */
import { describe, expect, it } from "vitest";
import { AtlasTokenError, createAtlasAdminClient, createDigestFetch, type TokenCache } from "../src/index.js";
import { credentials, fakeAtlas, orgId } from "./helpers/fake-atlas.js";
import { json, type RecordedRequest, recordingFetch } from "./helpers/recording-fetch.js";

const clientId = "mdb_sa_id_hostile";
const clientSecret = "mdb_sa_sk_hostile-secret-0001";
const list = { params: { path: { orgId } } };
const isToken = (r: RecordedRequest) => r.url.endsWith("/api/oauth/token");
const isRevoke = (r: RecordedRequest) => r.url.endsWith("/api/oauth/revoke");
const bearer = (value: string, expiresIn: unknown = 3600) =>
  json(200, { access_token: value, token_type: "Bearer", expires_in: expiresIn });

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** Every text an error carries: its message and its causes'. */
function texts(error: unknown): string {
  const out: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) out.push(String(e), JSON.stringify(e));
  return out.join("\n");
}

describe("timeouts and waits longer than a timer can be", () => {
  it("a timeoutMs past 2³¹ − 1 ms is no timeout, not an immediate one", async () => {
    // Answered after 50 ms: an overflowed timer fires after 1 ms.
    const wire = fakeAtlas(
      () => new Promise((resolve) => setTimeout(() => resolve(json(200, { results: [] })), 50)),
    );
    for (const timeoutMs of [2 ** 31, 1e300]) {
      const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch, timeoutMs });
      const { response } = await atlas.GET("/orgs/{orgId}/apiKeys", list);
      expect(response.status).toBe(200);
    }
  });

  it("a Retry-After past 2³¹ − 1 ms returns the 429 rather than sending again at once", async () => {
    const wire = fakeAtlas(() =>
      json(429, { error: 429, errorCode: "RATE_LIMITED" }, { "Retry-After": "2200000" }),
    );
    const atlas = createAtlasAdminClient({
      ...credentials,
      fetch: wire.fetch,
      timeoutMs: Number.POSITIVE_INFINITY,
      retry: { maxDelayMs: Number.POSITIVE_INFINITY },
    });
    const { response } = await atlas.GET("/orgs/{orgId}/apiKeys", list);
    expect(response.status).toBe(429);
    expect(wire.requests.filter((r) => r.headers.has("Authorization"))).toHaveLength(1);
  });
});

describe("options checked before use", () => {
  it.each([
    ["no private key", { publicKey: "p", privateKey: undefined }],
    ["no public key", { publicKey: undefined, privateKey: "k" }],
    ["an empty private key", { publicKey: "p", privateKey: "" }],
    ["a number", { publicKey: "p", privateKey: 12345 }],
    ["an object", { publicKey: "p", privateKey: { toString: () => "S3CRET-OBJECT" } }],
  ])("createDigestFetch refuses %s as a credential, by name", (_, options) => {
    const create = () => createDigestFetch(options as unknown as Parameters<typeof createDigestFetch>[0]);
    expect(create).toThrow(
      new TypeError("createAtlasAdminClient: publicKey and privateKey must be non-empty strings"),
    );
  });

  it("createAtlasAdminClient without options says the credentials are missing", () => {
    const create = createAtlasAdminClient as (options?: unknown) => unknown;
    expect(() => create()).toThrow(/createAtlasAdminClient: credentials are missing/);
    expect(() => create(null)).toThrow(/createAtlasAdminClient: credentials are missing/);
  });

  it("headers and a logger of the wrong type are refused, a logger even without logLevel", () => {
    const create = (options: object) => () =>
      createAtlasAdminClient({ ...credentials, ...options } as Parameters<typeof createAtlasAdminClient>[0]);
    expect(create({ headers: 5 })).toThrow(/createAtlasAdminClient: headers must be an object/);
    expect(create({ headers: "x" })).toThrow(TypeError);
    expect(create({ logger: 5 })).toThrow(/createAtlasAdminClient: logger must be an object/);
    expect(create({ headers: new Headers({ "User-Agent": "x" }), logger: console })).not.toThrow();
  });

  it.each([
    ["a percent-encoded @", "http://user:URLPASSWORD99%40host"],
    ["a full-width @", "http://user:URLPASSWORD99＠host"],
    ["a query", "ftp://h/?password=URLPASSWORD99"],
  ])("a refused URL with %s is not quoted", (_, baseUrl) => {
    const create = () => createAtlasAdminClient({ ...credentials, baseUrl });
    expect(create).toThrow(/baseUrl must be an absolute http\(s\) URL, got a value not shown/);
    expect(create).not.toThrow(/URLPASSWORD99/);
  });

  it("a baseUrl refused for its query string or fragment is not quoted", () => {
    for (const baseUrl of ["https://h/?password=URLPASSWORD99", "https://h/#URLPASSWORD99@x"]) {
      const create = () => createAtlasAdminClient({ ...credentials, baseUrl });
      expect(create).toThrow(/baseUrl must not have a (query string|fragment)$/);
      expect(create).not.toThrow(/URLPASSWORD99/);
    }
  });
});

describe("token answers that cannot be used", () => {
  it.each([
    ["a line break", "bad\ntoken-value-1234"],
    ["a space", "bad token-value-1234"],
    ["a character outside Latin-1", "tøken-✓-value-1234"],
  ])(
    "an access_token with %s is an AtlasTokenError at once, and no part of it is shown",
    async (_, value) => {
      const wire = recordingFetch((r) => (isToken(r) ? bearer(value) : json(200, { results: [] })));
      const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch: wire.fetch });
      const error = await failure(atlas.GET("/orgs/{orgId}/apiKeys", list));
      expect(error).toBeInstanceOf(AtlasTokenError);
      expect(error.message).toMatch(/not a Bearer token/);
      expect(texts(error)).not.toContain("token-value-1234");
      expect(wire.requests.filter((r) => !isToken(r))).toHaveLength(0);
    },
  );

  it("a cached token that cannot be a header value is replaced by a new one", async () => {
    const stored = { accessToken: "abc\r\nX-Injected: 1", expiresAt: Date.now() + 3_600_000 };
    const written: unknown[] = [];
    const cache: TokenCache = {
      get: async () => stored,
      set: async (_key, token) => {
        written.push(token);
      },
      delete: async () => {},
    };
    const wire = recordingFetch((r) =>
      isToken(r) ? bearer("fresh-token-0001") : json(200, { results: [] }),
    );
    const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch: wire.fetch, tokenCache: cache });
    const { response } = await atlas.GET("/orgs/{orgId}/apiKeys", list);
    expect(response.status).toBe(200);
    expect(wire.requests.filter(isToken)).toHaveLength(1);
    expect(written).toEqual([expect.objectContaining({ accessToken: "fresh-token-0001" })]);
  });

  it.each([
    ["negative", -5, 2],
    ["zero", 0, 2],
    ["a numeric string", "3600", 1],
  ])(
    "expires_in %s: the token is spent at once (2 token requests for 2 calls) or kept (1)",
    async (_, expiresIn, mints) => {
      const wire = recordingFetch((r) =>
        isToken(r) ? bearer("token-0001", expiresIn) : json(200, { results: [] }),
      );
      const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch: wire.fetch });
      await atlas.GET("/orgs/{orgId}/apiKeys", list);
      await atlas.GET("/orgs/{orgId}/apiKeys", list);
      expect(wire.requests.filter(isToken)).toHaveLength(mints);
    },
  );

  it("a token request that a caller's fetch followed to another place is refused, its answer unused", async () => {
    let followed = 0;
    const fetch = async (request: Request): Promise<Response> => {
      if (!request.url.endsWith("/api/oauth/token")) return json(200, { results: [] });
      // A wrapper that rebuilds the request and follows the redirect itself.
      followed += 1;
      const answer = bearer("stolen-by-redirect-0001");
      Object.defineProperty(answer, "redirected", { value: true });
      Object.defineProperty(answer, "url", { value: "https://elsewhere.example/collect" });
      return answer;
    };
    const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch });
    const error = await failure(atlas.GET("/orgs/{orgId}/apiKeys", list));
    expect(followed).toBe(1);
    expect(error).toBeInstanceOf(AtlasTokenError);
    expect(error.message).toMatch(/a redirect/);
  });
});

describe("secrets a server or a cache quotes back", () => {
  it("a token with characters a form encodes (~ ! ' ( )) is redacted when the revocation endpoint echoes its form", async () => {
    const token = "tok~en!'()-AAAAAAAAAAAAAAAAAAAA";
    const lines: string[] = [];
    const wire = recordingFetch((r) => {
      if (isToken(r)) return bearer(token);
      if (isRevoke(r))
        return json(400, { error: "invalid_request", error_description: `body was ${r.body}` });
      return json(200, { results: [] });
    });
    const atlas = createAtlasAdminClient({
      clientId,
      clientSecret,
      fetch: wire.fetch,
      logger: {
        debug: (l) => lines.push(l),
        info: (l) => lines.push(l),
        warn: (l) => lines.push(l),
        error: (l) => lines.push(l),
      },
      logLevel: "debug",
    });
    await atlas.GET("/orgs/{orgId}/apiKeys", list);
    const error = await failure(atlas.revokeToken());
    expect(wire.requests.filter(isRevoke)[0]?.body).toContain("tok%7Een");
    expect(error.message).toMatch(/invalid_request: body was token=\[redacted\]/);
    for (const text of [texts(error), ...lines]) {
      expect(text).not.toContain("AAAAAAAAAAAAAAAAAAAA");
    }
  });

  it("an echoed Bearer value with a character outside token68 is redacted whole, not up to that character", async () => {
    const token = "tok~en!16-AAAAAAAAAAAAAAAAAAAA";
    const wire = recordingFetch((r) =>
      isToken(r)
        ? bearer(token)
        : json(400, {
            error: 400,
            errorCode: "INVALID_ATTRIBUTE",
            detail: `got ${r.headers.get("Authorization")}`,
          }),
    );
    const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch: wire.fetch });
    const { error } = await atlas.GET("/orgs/{orgId}/apiKeys", list);
    expect(error?.detail).toBe("got Bearer [redacted]");
  });

  it("a token cache's error that quotes the client secret is redacted in the thrown error", async () => {
    const cache: TokenCache = {
      get: async () => {
        throw new Error(`cannot read for ${clientSecret}`);
      },
      set: async () => {},
      delete: async () => {},
    };
    const wire = recordingFetch(() => json(200, {}));
    const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch: wire.fetch, tokenCache: cache });
    const error = await failure(atlas.GET("/orgs/{orgId}/apiKeys", list));
    expect(error.message).toMatch(/token cache's get failed: Error: cannot read for \[redacted\]/);
    expect(texts(error)).not.toContain(clientSecret);
  });
});
