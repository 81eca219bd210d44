/** createAtlasAdminClient's option checks: each option, the credential pairs, per-call URLs, and no message quoting a credential. */
import { describe, expect, it } from "vitest";
import { type AtlasAdminClientOptions, createAtlasAdminClient, type Logger } from "../src/index.js";
import { credentials, fakeAtlas, orgId } from "./helpers/fake-atlas.js";
import { clientId, clientSecret } from "./helpers/oauth-server.js";
import { json } from "./helpers/recording-fetch.js";

describe("createAtlasAdminClient validates its options", () => {
  const create = (options: Record<string, unknown>) => () =>
    createAtlasAdminClient({ ...credentials, ...options } as AtlasAdminClientOptions);

  it("baseUrl must be an absolute http(s) URL", () => {
    expect(create({ baseUrl: "localhost:4010" })).toThrow(
      new TypeError('createAtlasAdminClient: baseUrl must be an absolute http(s) URL, got "localhost:4010"'),
    );
    for (const baseUrl of ["/api/atlas/v1.0", "", "ftp://example.com/", "cloud.mongodb.com", "http://"]) {
      expect(create({ baseUrl })).toThrow(TypeError);
      expect(create({ baseUrl })).toThrow(/baseUrl must be an absolute http\(s\) URL, got "/);
    }
    expect(create({ baseUrl: 42 })).toThrow(/baseUrl must be an absolute http\(s\) URL, got 42/);
    expect(create({ baseUrl: "http://localhost:4010" })).not.toThrow();
    expect(create({ baseUrl: "HTTPS://cloud.mongodb.com/api/atlas/v1.0/" })).not.toThrow();
  });

  it("fetch, when given, must be a function", () => {
    for (const fetch of ["fetch", {}, null, 1]) {
      expect(create({ fetch })).toThrow(TypeError);
      expect(create({ fetch })).toThrow(/createAtlasAdminClient: fetch must be a function, got /);
    }
    expect(create({ fetch: undefined })).not.toThrow();
  });

  it("timeoutMs must be a number > 0, Infinity allowed", () => {
    for (const timeoutMs of ["100", null, true]) {
      expect(create({ timeoutMs })).toThrow(TypeError);
      expect(create({ timeoutMs })).toThrow(/timeoutMs must be a number > 0/);
    }
    for (const timeoutMs of [0, -1, Number.NaN, Number.NEGATIVE_INFINITY]) {
      expect(create({ timeoutMs })).toThrow(RangeError);
      expect(create({ timeoutMs })).toThrow(/timeoutMs must be a number > 0/);
    }
    expect(create({ timeoutMs: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(create({ timeoutMs: 1 })).not.toThrow();
  });

  it("retry must be false or { attempts: integer ≥ 1, maxDelayMs: number ≥ 0 }", () => {
    for (const retry of [true, null, "yes", 3]) {
      expect(create({ retry })).toThrow(TypeError);
      expect(create({ retry })).toThrow(/retry must be false or an object/);
    }
    for (const attempts of [0, 1.5, "3", Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(create({ retry: { attempts } })).toThrow(/retry\.attempts must be an integer ≥ 1/);
    }
    for (const maxDelayMs of [-1, "5", Number.NaN, null]) {
      expect(create({ retry: { maxDelayMs } })).toThrow(/retry\.maxDelayMs must be a number ≥ 0/);
    }
    expect(create({ retry: false })).not.toThrow();
    expect(create({ retry: {} })).not.toThrow();
    expect(create({ retry: { attempts: 1, maxDelayMs: 0 } })).not.toThrow();
    expect(create({ retry: { maxDelayMs: Number.POSITIVE_INFINITY } })).not.toThrow();
  });

  it("no validation message contains the credentials", () => {
    const bad: Record<string, unknown>[] = [
      { baseUrl: "localhost:4010" },
      { baseUrl: credentials.privateKey },
      { fetch: "x" },
      { timeoutMs: "1" },
      { retry: { attempts: 0 } },
      { retry: "x" },
      { publicKey: "" },
      { privateKey: 5 },
    ];
    for (const options of bad) {
      const error = (() => {
        try {
          create(options)();
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, JSON.stringify(Object.keys(options))).toBeInstanceOf(Error);
      // A baseUrl the caller set to the key is the caller's own value; the others must not leak.
      if (options.baseUrl === credentials.privateKey) continue;
      expect(String((error as Error).message)).not.toContain(credentials.privateKey);
      expect(String((error as Error).message)).not.toContain(credentials.publicKey);
    }
  });

  it("refuses invalid options", () => {
    expect(() => createAtlasAdminClient({ publicKey: "", privateKey: "x" })).toThrow(TypeError);
    expect(() => createAtlasAdminClient({ ...credentials, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createAtlasAdminClient({ ...credentials, retry: { attempts: 0 } })).toThrow(RangeError);
  });

  it("maxBodyBytes must be an integer ≥ 1", () => {
    expect(() => createAtlasAdminClient({ ...credentials, maxBodyBytes: 0 })).toThrow(RangeError);
    expect(() => createAtlasAdminClient({ ...credentials, maxBodyBytes: "1" as unknown as number })).toThrow(
      TypeError,
    );
  });

  it("console fits as a logger; a wrong logLevel or logger is a TypeError", () => {
    createAtlasAdminClient({ ...credentials, logger: console, logLevel: "debug" });
    expect(() =>
      createAtlasAdminClient({ ...credentials, logger: console, logLevel: "verbose" as "debug" }),
    ).toThrow(/logLevel must be one of debug, info, warn, error, off/);
    expect(() => createAtlasAdminClient({ ...credentials, logger: {} as Logger, logLevel: "debug" })).toThrow(
      /logger must be an object with debug, info, warn and error methods/,
    );
  });
});

describe("createAtlasAdminClient: exactly one pair of credentials", () => {
  const create = (options: object) => () =>
    createAtlasAdminClient(options as Parameters<typeof createAtlasAdminClient>[0]);
  it.each([
    [
      "both pairs",
      { publicKey: "p", privateKey: "k", clientId, clientSecret },
      /either publicKey and privateKey .* or clientId and clientSecret .*, not both/,
    ],
    ["neither", {}, /credentials are missing/],
    ["half a service account", { clientId }, /clientId and clientSecret must be non-empty strings/],
    [
      "an empty secret",
      { clientId, clientSecret: "" },
      /clientId and clientSecret must be non-empty strings/,
    ],
    [
      "a token URL with an API key",
      { publicKey: "p", privateKey: "k", tokenUrl: "https://x/t" },
      /tokenUrl, revokeUrl and tokenCache go with clientId/,
    ],
    [
      "a relative token URL",
      { clientId, clientSecret, tokenUrl: "/api/oauth/token" },
      /tokenUrl must be an absolute http\(s\) URL/,
    ],
  ])("%s is a TypeError that names the keys, never a value", (_, options, message) => {
    expect(create(options)).toThrow(TypeError);
    expect(create(options)).toThrow(message);
    try {
      create(options)();
    } catch (error) {
      expect(String(error)).not.toContain(clientSecret);
    }
  });
});

describe("URLs are checked however they are given", () => {
  const orgPath = { params: { path: { orgId } } };

  it.each([
    ["a query string", "http://127.0.0.1:4010/?pretty=true"],
    ["a fragment", "http://127.0.0.1:4010/#top"],
    ["white space at its start or end", "http://127.0.0.1:4010 "],
  ])("baseUrl with %s is refused at creation, naming it", (part, baseUrl) => {
    expect(() => createAtlasAdminClient({ ...credentials, baseUrl })).toThrow(
      new TypeError(`createAtlasAdminClient: baseUrl must not have ${part}`),
    );
  });

  it.each([
    ["a query string", "http://127.0.0.1:4010?x=1", /baseUrl must not have a query string/],
    ["a fragment", "http://127.0.0.1:4010#f", /baseUrl must not have a fragment/],
    ["no scheme", "localhost:4010", /baseUrl must be an absolute http\(s\) URL/],
  ])("a per-call baseUrl with %s is refused before anything is sent", async (_, baseUrl, message) => {
    const wire = fakeAtlas(() => json(200, []));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    await expect(atlas.GET("/orgs/{orgId}/apiKeys", { ...orgPath, baseUrl })).rejects.toThrow(message);
    expect(wire.requests).toHaveLength(0);
  });

  it("a per-call baseUrl like the client's own is accepted", async () => {
    const wire = fakeAtlas(() => json(200, { results: [], links: [] }));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    const { response } = await atlas.GET("/orgs/{orgId}/apiKeys", {
      ...orgPath,
      baseUrl: "http://127.0.0.1:4010/x",
    });
    expect(response.status).toBe(200);
    expect(new URL(wire.requests[0]?.url ?? "").pathname).toBe(`/x/orgs/${orgId}/apiKeys`);
  });

  it.each([
    ["baseUrl", { baseUrl: "http://user:s3cr3t-pw@127.0.0.1:4010" }],
    ["tokenUrl", { clientId: "id", clientSecret: "s", tokenUrl: "http://user:s3cr3t-pw@127.0.0.1:4010/t" }],
  ])("a %s with a user name and password is refused at creation, without quoting it", (_, options) => {
    const create = () =>
      createAtlasAdminClient(
        ("clientId" in options ? options : { ...credentials, ...options }) as Parameters<
          typeof createAtlasAdminClient
        >[0],
      );
    expect(create).toThrow(/must not contain a user name or password/);
    expect(() => create()).not.toThrow(/s3cr3t-pw/);
  });

  it("a baseUrl without a scheme but with a password is refused without quoting it", () => {
    const create = () => createAtlasAdminClient({ ...credentials, baseUrl: "user:s3cr3t-pw@127.0.0.1:4010" });
    expect(create).toThrow(
      /baseUrl must be an absolute http\(s\) URL, got a value not shown \(it may hold a password\)/,
    );
    expect(create).not.toThrow(/s3cr3t-pw/);
  });

  it("a per-call baseUrl with a password is refused without quoting it", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: fakeAtlas(() => json(200, [])).fetch });
    const error = await atlas
      .GET("/orgs/{orgId}/apiKeys", { ...orgPath, baseUrl: "http://user:s3cr3t-pw@127.0.0.1:4010" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/user name or password/);
    expect(String(error)).not.toContain("s3cr3t-pw");
  });
});
