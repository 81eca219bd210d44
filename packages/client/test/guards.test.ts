/**
 * Guards found missing in review: path templates left unfilled, a per-call path serializer,
 * option validation, and the size limit on error bodies. All through the public interface.
 */
import { describe, expect, it } from "vitest";
import {
  type AtlasAdminClientOptions,
  AtlasParameterError,
  createAtlasAdminClient,
  UNRECOGNIZED_ERROR_BODY,
} from "../src/index.js";
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
});

describe("error bodies are read up to a limit", () => {
  const KiB = 1024;
  const CHUNK = 16 * KiB;

  /**
   * A body of `total` bytes that counts the bytes pulled from it and whether it was cancelled;
   * with `stall`, it sends `total` bytes and then never ends.
   */
  function hugeBody(total = 10 * 1024 * KiB, stall = false) {
    const state = { pulled: 0, cancelled: false };
    const chunk = new TextEncoder().encode("<html>".padEnd(CHUNK, "x"));
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (state.pulled >= total) return stall ? new Promise<void>(() => {}) : controller.close();
          state.pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
        cancel() {
          state.cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    return { state, stream };
  }

  const post = (answer: () => Response, timeoutMs = 10_000) => {
    const wire = fakeAtlas(answer);
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch, retry: false, timeoutMs });
    return atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } });
  };

  it("a 10 MB garbage error body is not buffered whole: the rest is cancelled", async () => {
    const { state, stream } = hugeBody();
    const { error, response } = await post(
      () => new Response(stream, { status: 502, statusText: "Bad Gateway" }),
    );
    expect(response.status).toBe(502);
    expect(error).toMatchObject({ error: 502, errorCode: UNRECOGNIZED_ERROR_BODY, reason: "Bad Gateway" });
    expect(error?.detail).toHaveLength(1000);
    expect(error?.detail?.startsWith("<html>xxx")).toBe(true);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(64 * KiB + CHUNK);
  });

  it("an error body that never ends does not hold the call until the timeout", async () => {
    const { state, stream } = hugeBody(1024 * KiB, true);
    const { error } = await post(() => new Response(stream, { status: 500 }), 3000);
    expect(error).toMatchObject({ error: 500, errorCode: UNRECOGNIZED_ERROR_BODY });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(64 * KiB + CHUNK);
  });

  it("an Atlas error body well under the limit is still returned as is", async () => {
    const body = { error: 400, errorCode: "INVALID_ATTRIBUTE", detail: "é".repeat(20_000) };
    const { error } = await post(() => json(400, body));
    expect(error).toEqual(body);
  });

  it("a 2xx JSON body is read whole (it is the data)", async () => {
    const big = { ...apiKey, desc: "d".repeat(200 * KiB) };
    const wire = fakeAtlas(() => json(200, big));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    const { data } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "x" },
    });
    expect(data).toEqual(big);
  });
});
