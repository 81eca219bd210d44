/** createAtlasAdminClient with an injected fetch: URLs, request and response bodies, openapi-fetch's middleware. */
import { describe, expect, it, vi } from "vitest";
import {
  AtlasResponseError,
  createAtlasAdminClient,
  DEFAULT_BASE_URL,
  UNRECOGNIZED_ERROR_BODY,
} from "../src/index.js";
import { apiKey, credentials, fakeAtlas, orgId, signedRequests } from "./helpers/fake-atlas.js";
import { json } from "./helpers/recording-fetch.js";
import { neverAnswers } from "./helpers/transports.js";

describe("createAtlasAdminClient", () => {
  it("sends POST /orgs/{orgId}/apiKeys to the default base URL with a JSON body", async () => {
    const wire = fakeAtlas(() => json(200, apiKey));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    const { data, error, response } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "CI key", roles: ["ORG_MEMBER"] },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual(apiKey);
    expect(response.status).toBe(200);
    expect(DEFAULT_BASE_URL).toBe("https://cloud.mongodb.com/api/atlas/v1.0");
    const [request] = signedRequests(wire.requests);
    expect(request?.url).toBe(`https://cloud.mongodb.com/api/atlas/v1.0/orgs/${orgId}/apiKeys`);
    expect(request?.headers.get("Content-Type")).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({ desc: "CI key", roles: ["ORG_MEMBER"] });
  });

  it("sends POST /orgs/{orgId}/liveMigrations/linkTokens to a custom base URL with extra headers", async () => {
    const wire = fakeAtlas(() => json(201, { linkToken: "t" }));
    const atlas = createAtlasAdminClient({
      ...credentials,
      baseUrl: "http://localhost:4010/",
      fetch: wire.fetch,
      headers: { "User-Agent": "atlas-admin-test" },
    });
    const { data } = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      body: { accessListIps: ["203.0.113.7"] },
    });
    expect(data).toEqual({ linkToken: "t" });
    const [request] = signedRequests(wire.requests);
    expect(request?.url).toBe(`http://localhost:4010/orgs/${orgId}/liveMigrations/linkTokens`);
    expect(request?.headers.get("User-Agent")).toBe("atlas-admin-test");
  });

  it("looks up globalThis.fetch at call time when no fetch is given", async () => {
    const wire = fakeAtlas(() => json(201, { linkToken: "t" }));
    const original = globalThis.fetch;
    const atlas = createAtlasAdminClient(credentials);
    // The platform fetch is called as fetch(url, init), not with a Request (see create-client.ts).
    globalThis.fetch = ((input: string, init: RequestInit) =>
      wire.fetch(new Request(input, init))) as typeof fetch;
    try {
      const { data } = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
        params: { path: { orgId } },
        body: { accessListIps: [] },
      });
      expect(data).toEqual({ linkToken: "t" });
    } finally {
      globalThis.fetch = original;
    }
  });

  it("gives the platform fetch openapi-fetch's Request and the serialized body in the init", async () => {
    const wire = fakeAtlas(() => json(201, { linkToken: "t" }));
    const original = globalThis.fetch;
    const calls: { input: Request; init: RequestInit }[] = [];
    const atlas = createAtlasAdminClient(credentials);
    globalThis.fetch = ((input: Request, init: RequestInit) => {
      calls.push({ input, init });
      return wire.fetch(new Request(input, init));
    }) as typeof fetch;
    try {
      await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
        params: { path: { orgId } },
        body: { accessListIps: ["203.0.113.7"] },
        redirect: "error",
        credentials: "omit",
      });
    } finally {
      globalThis.fetch = original;
    }
    // probe and signed send: the same body both times, the caller's settings kept
    expect(wire.requests.map((r) => r.body)).toEqual([
      '{"accessListIps":["203.0.113.7"]}',
      '{"accessListIps":["203.0.113.7"]}',
    ]);
    expect(calls.map(({ input }) => [input.method, input.redirect, input.credentials])).toEqual([
      ["POST", "error", "omit"],
      ["POST", "error", "omit"],
    ]);
    // openapi-fetch's serialized body, a string the platform can send again; both sends get it
    expect(calls.map(({ init }) => init.body)).toEqual([
      '{"accessListIps":["203.0.113.7"]}',
      '{"accessListIps":["203.0.113.7"]}',
    ]);
    expect(calls[0]?.init.body).toBe(calls[1]?.init.body);
    expect(calls.every(({ init }) => init.signal instanceof AbortSignal)).toBe(true);
  });

  it("refuses a per-call fetch rather than silently skipping Digest", async () => {
    const wire = fakeAtlas(() => json(201, { linkToken: "t" }));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    await expect(
      atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
        params: { path: { orgId } },
        body: { accessListIps: [] },
        // @ts-expect-error a per-call fetch would skip Digest: not in the client's type
        fetch: wire.fetch,
      }),
    ).rejects.toThrow(/per-call `fetch`/);
    expect(wire.requests).toHaveLength(0);
  });
});

describe("response bodies", () => {
  const call = async (answer: () => Response) => {
    const wire = fakeAtlas(answer);
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch, retry: false });
    return atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } });
  };

  it("an Atlas error body is returned as is, typed ApiError", async () => {
    const body = { error: 404, errorCode: "ORG_NOT_FOUND", detail: "No organization", reason: "Not Found" };
    const { data, error, response } = await call(() => json(404, body));
    expect(data).toBeUndefined();
    expect(error).toEqual(body);
    expect(response.status).toBe(404);
  });

  it("a non-JSON error body becomes an ApiError carrying the text", async () => {
    const { error, response } = await call(
      () => new Response("<html>Bad Gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    );
    expect(response.status).toBe(502);
    expect(error).toEqual({
      error: 502,
      errorCode: UNRECOGNIZED_ERROR_BODY,
      reason: "Bad Gateway",
      detail: "<html>Bad Gateway</html>",
    });
  });

  it("an empty error body (Content-Length: 0) becomes an ApiError", async () => {
    const { error } = await call(
      () => new Response(null, { status: 500, headers: { "Content-Length": "0" } }),
    );
    expect(error).toMatchObject({ error: 500, errorCode: UNRECOGNIZED_ERROR_BODY, detail: "(empty body)" });
  });

  it("JSON that is not an ApiError becomes an ApiError carrying the text", async () => {
    const { error } = await call(() => json(503, { message: "maintenance" }));
    expect(error).toMatchObject({
      error: 503,
      errorCode: UNRECOGNIZED_ERROR_BODY,
      detail: '{"message":"maintenance"}',
    });
  });

  it("a long garbage error body is truncated in detail", async () => {
    const { error } = await call(() => new Response("x".repeat(5000), { status: 500 }));
    expect(error?.detail).toHaveLength(1000);
  });

  it("a success body that is not JSON throws AtlasResponseError", async () => {
    await expect(call(() => new Response("garbage{", { status: 200 }))).rejects.toThrow(AtlasResponseError);
    await expect(call(() => new Response("garbage{", { status: 200 }))).rejects.toThrow(
      `POST /api/atlas/v1.0/orgs/${orgId}/apiKeys answered 200 with a body that is not JSON`,
    );
  });

  it("an empty success body throws AtlasResponseError", async () => {
    await expect(call(() => new Response("", { status: 200 }))).rejects.toThrow(
      /answered 200 with an empty body/,
    );
  });

  it("parseAs: 'text' skips the JSON check", async () => {
    const wire = fakeAtlas(() => new Response("plain", { status: 200 }));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    const { data } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "x" },
      parseAs: "text",
    });
    expect(data).toBe("plain");
  });
});

describe("openapi-fetch's middleware", () => {
  const createKey = (atlas: ReturnType<typeof createAtlasAdminClient>, init: { signal?: AbortSignal } = {}) =>
    atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" }, ...init });

  it("sends the body of a Request that a middleware replaced", async () => {
    const wire = fakeAtlas(() => json(201, { linkToken: "t" }));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    atlas.use({
      onRequest: async ({ request }) =>
        new Request(request, { body: (await request.text()).replace("198", "203") }),
    });
    await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      body: { accessListIps: ["198.51.100.1"] },
    });
    expect(signedRequests(wire.requests).map((r) => r.body)).toEqual(['{"accessListIps":["203.51.100.1"]}']);
  });

  it("user middleware sees the caller's signal on the Request, and its abort ends the call", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: neverAnswers });
    const seen: AbortSignal[] = [];
    atlas.use({
      onRequest({ request }) {
        seen.push(request.signal);
      },
    });
    const controller = new AbortController();
    const call = createKey(atlas, { signal: controller.signal });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.aborted).toBe(false);
    const reason = new Error("the caller gave up");
    controller.abort(reason);
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[0]?.reason).toBe(reason);
    await expect(call).rejects.toBe(reason);
  });

  it("middleware sees openapi-fetch's default parseAs, not an internal override", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: fakeAtlas(() => json(200, apiKey)).fetch });
    const parseAs: string[] = [];
    atlas.use({
      onResponse({ options }) {
        parseAs.push(options.parseAs);
      },
    });
    await createKey(atlas);
    expect(parseAs).toEqual(["json"]);
  });
});
