/** Path parameters: a template is never sent unfilled and a parameter's value stays one path segment. */
import { describe, expect, it } from "vitest";
import { AtlasParameterError, createAtlasAdminClient } from "../src/index.js";
import { apiKey, credentials, fakeAtlas, orgId } from "./helpers/fake-atlas.js";
import { json } from "./helpers/recording-fetch.js";

describe("a path template is never sent unfilled", () => {
  const setup = () => {
    const wire = fakeAtlas(() => json(200, apiKey));
    return { wire, atlas: createAtlasAdminClient({ ...credentials, fetch: wire.fetch }) };
  };

  // Typed callers cannot leave out params.path; JavaScript callers (and casts) can.
  const untyped = [
    ["no params", { body: { desc: "x" } }],
    ["params: {}", { params: {}, body: { desc: "x" } }],
    ["params without path", { params: { query: {} }, body: { desc: "x" } }],
    ["params.path: {}", { params: { path: {} }, body: { desc: "x" } }],
    ["params.path: null", { params: { path: null }, body: { desc: "x" } }],
    ["params.path without orgId", { params: { path: { org: orgId } }, body: { desc: "x" } }],
  ] as const;

  it.each(untyped)("%s: AtlasParameterError naming orgId, nothing sent", async (_, init) => {
    const { wire, atlas } = setup();
    const post = atlas.POST as unknown as (url: string, init: unknown) => Promise<unknown>;
    const error = await post("/orgs/{orgId}/apiKeys", init).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasParameterError);
    expect((error as Error).message).toMatch(/"orgId"/);
    expect(wire.requests).toHaveLength(0);
  });

  it("request(method, url, init) checks the template too", async () => {
    const { wire, atlas } = setup();
    const request = atlas.request as unknown as (m: string, u: string, i: unknown) => Promise<unknown>;
    await expect(
      request("post", "/orgs/{orgId}/liveMigrations/linkTokens", { body: { accessListIps: [] } }),
    ).rejects.toThrow(AtlasParameterError);
    expect(wire.requests).toHaveLength(0);
  });

  it("refuses a per-call pathSerializer, which would bypass the safe one", async () => {
    const { wire, atlas } = setup();
    const error = await atlas
      .POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId } },
        body: { desc: "x" },
        // @ts-expect-error a per-call pathSerializer is not in the client's type
        pathSerializer: (url: string) => url.replace("{orgId}", "../../evil"),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/per-call `pathSerializer`/);
    expect(wire.requests).toHaveLength(0);
  });

  it("refuses a per-call Request class, which could rewrite the URL", async () => {
    const { wire, atlas } = setup();
    class Rewriting extends Request {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(String(input).replace("/orgs/", "/elsewhere/"), init);
      }
    }
    const error = await atlas
      .POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId } },
        body: { desc: "x" },
        // @ts-expect-error a per-call Request class is not in the client's type
        Request: Rewriting,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/per-call `Request`/);
    expect(wire.requests).toHaveLength(0);
  });

  it("a path without templates needs no params", async () => {
    const wire = fakeAtlas(() => json(200, {}));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    const request = atlas.request as unknown as (m: string, u: string, i?: unknown) => Promise<unknown>;
    await request("GET", "/orgs");
    expect(wire.requests.map((r) => new URL(r.url).pathname)).toEqual([
      "/api/atlas/v1.0/orgs",
      "/api/atlas/v1.0/orgs",
    ]);
  });
});

describe("path parameters cannot change the request's path", () => {
  const hostile = [
    "../../x",
    "a/b",
    "?x",
    "#x",
    "%2F",
    "..%2F..%2Fx",
    "%2e%2e",
    ".%2e",
    "..\\..\\x",
    "a b",
    "..;/x",
    "/",
    "...",
    "{orgId}",
    "$&$`$'",
  ];
  it.each(hostile)("orgId %j stays one segment of /orgs/{orgId}/apiKeys", async (value) => {
    const wire = fakeAtlas(() => json(200, apiKey));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    await atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId: value } }, body: { desc: "x" } });
    for (const request of wire.requests) {
      const url = new URL(request.url);
      expect(url.origin).toBe("https://cloud.mongodb.com");
      expect(url.search).toBe("");
      expect(url.hash).toBe("");
      const match = /^\/api\/atlas\/v1\.0\/orgs\/([^/]+)\/apiKeys$/.exec(url.pathname);
      expect(match).not.toBeNull();
      expect(decodeURIComponent(match?.[1] ?? "")).toBe(value);
    }
    expect(wire.requests).toHaveLength(2);
  });

  it.each(["..", ".", ""])("orgId %j is refused before anything is sent", async (value) => {
    const wire = fakeAtlas(() => json(200, apiKey));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    await expect(
      atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId: value } }, body: { desc: "x" } }),
    ).rejects.toThrow(AtlasParameterError);
    expect(wire.requests).toHaveLength(0);
  });

  it("a missing or non-string orgId is refused instead of sending '{orgId}'", async () => {
    const wire = fakeAtlas(() => json(200, apiKey));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    for (const value of [undefined, null, { a: 1 }, ["a", "b"]]) {
      await expect(
        // @ts-expect-error: deliberately wrong type, as JavaScript callers could pass
        atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId: value } }, body: { desc: "x" } }),
      ).rejects.toThrow(AtlasParameterError);
    }
    expect(wire.requests).toHaveLength(0);
  });
});
