/**
 * `atlas.paginate()`: every item of a paginated list, one GET per page. Against a small fake
 * server for each stop rule and failure, and against the mock (Prism behind the mock's list
 * store) with 1,234 API keys created through the client.
 */
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startMock } from "@atlas-admin/mock";
import { describe, expect, it } from "vitest";
import {
  AtlasPageError,
  AtlasResponseError,
  AtlasTimeoutError,
  createAtlasAdminClient,
  DEFAULT_ITEMS_PER_PAGE,
} from "../src/index.js";
import { orgId } from "./helpers/fake-atlas.js";
import { json, recordingFetch } from "./helpers/recording-fetch.js";

const key = (i: number) => ({
  id: `key-${i}`,
  publicKey: `pub${i}`,
  privateKey: "********",
  roles: [],
  links: [],
});

/** A list of `total` keys served page by page as Atlas does; `answer` may override any page. */
function fakeList(total: number, answer?: (pageNum: number, itemsPerPage: number) => Response | undefined) {
  return recordingFetch((request) => {
    if (request.url.endsWith("/api/oauth/token")) {
      return json(200, { access_token: "token-value", token_type: "Bearer", expires_in: 3600 });
    }
    const query = new URL(request.url).searchParams;
    const pageNum = Number(query.get("pageNum") ?? 1);
    const itemsPerPage = Number(query.get("itemsPerPage") ?? 100);
    const results = Array.from({ length: total }, (_, i) => key(i)).slice(
      (pageNum - 1) * itemsPerPage,
      pageNum * itemsPerPage,
    );
    return answer?.(pageNum, itemsPerPage) ?? json(200, { results, totalCount: total, links: [] });
  });
}

const client = (wire: ReturnType<typeof recordingFetch>, timeoutMs?: number) =>
  createAtlasAdminClient({
    clientId: "mdb_sa_id_x",
    clientSecret: "secret-value",
    fetch: wire.fetch,
    timeoutMs,
  });
const apiPages = (wire: ReturnType<typeof recordingFetch>) =>
  wire.requests
    .filter((r) => r.url.includes("/apiKeys"))
    .map((r) => new URL(r.url).searchParams.get("pageNum"));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("paginate", () => {
  it("walks every page up to totalCount, DEFAULT_ITEMS_PER_PAGE at a time", async () => {
    const wire = fakeList(1234);
    const atlas = client(wire);
    const keys = await collect(atlas.paginate("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } }));
    expect(keys.map((k) => k.id)).toEqual(Array.from({ length: 1234 }, (_, i) => `key-${i}`));
    expect(apiPages(wire)).toEqual(["1", "2", "3"]);
    expect(DEFAULT_ITEMS_PER_PAGE).toBe(500);
  });

  it("stops at totalCount without asking for an empty page", async () => {
    const wire = fakeList(20);
    const keys = await collect(
      client(wire).paginate("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId }, query: { itemsPerPage: 10 } },
      }),
    );
    expect(keys).toHaveLength(20);
    expect(apiPages(wire)).toEqual(["1", "2"]);
  });

  it("stops at a short page when the server sends no totalCount", async () => {
    const wire = fakeList(25, (pageNum) =>
      json(200, {
        results: Array.from({ length: pageNum < 3 ? 10 : 5 }, (_, i) => key(pageNum * 100 + i)),
        links: [],
      }),
    );
    const keys = await collect(
      client(wire).paginate("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId }, query: { itemsPerPage: 10, includeCount: false } },
      }),
    );
    expect(keys).toHaveLength(25);
    expect(apiPages(wire)).toEqual(["1", "2", "3"]);
  });

  it("stops after maxItems, asking for no page beyond it", async () => {
    const wire = fakeList(1000);
    const keys = await collect(
      client(wire).paginate("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId }, query: { itemsPerPage: 100 } },
        maxItems: 150,
      }),
    );
    expect(keys).toHaveLength(150);
    expect(apiPages(wire)).toEqual(["1", "2"]);
  });

  it("never loops on a server that ignores pageNum and repeats a page", async () => {
    const wire = fakeList(10_000, () =>
      json(200, { results: [key(1), key(2)], totalCount: 10_000, links: [] }),
    );
    const atlas = client(wire);
    const error = await collect(
      atlas.paginate("/orgs/{orgId}/apiKeys", { params: { path: { orgId }, query: { itemsPerPage: 2 } } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasResponseError);
    expect((error as Error).message).toMatch(/page 2 repeating an earlier page/);
    expect(apiPages(wire)).toEqual(["1", "2"]);
  });

  it("a page answered 429 is waited out and asked again", async () => {
    let limited = false;
    const wire = fakeList(6, (pageNum) => {
      if (pageNum !== 2 || limited) return undefined;
      limited = true;
      return json(429, { error: 429, errorCode: "RATE_LIMITED" }, { "Retry-After": "0" });
    });
    const keys = await collect(
      client(wire).paginate("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId }, query: { itemsPerPage: 3 } },
      }),
    );
    expect(keys).toHaveLength(6);
    expect(apiPages(wire)).toEqual(["1", "2", "2"]);
  });

  it("a page answered with an HTTP error throws AtlasPageError with the ApiError", async () => {
    const wire = fakeList(10, (pageNum) =>
      pageNum === 2 ? json(404, { error: 404, errorCode: "ORG_NOT_FOUND", detail: "gone" }) : undefined,
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const k of client(wire).paginate("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId }, query: { itemsPerPage: 5 } },
      }))
        seen.push(k.id);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(5);
    expect(error).toBeInstanceOf(AtlasPageError);
    expect(error).toMatchObject({ status: 404, pageNum: 2, error: { errorCode: "ORG_NOT_FOUND" } });
  });

  it("each page has its own deadline", async () => {
    const wire = fakeList(10, (pageNum) =>
      pageNum === 2 ? (new Promise<Response>(() => {}) as unknown as Response) : undefined,
    );
    const error = await collect(
      client(wire, 200).paginate("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId }, query: { itemsPerPage: 5 } },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasTimeoutError);
  });
});

describe("paginate against the mock", () => {
  it("lists 1,234 API keys created through the client, each once", { timeout: 120_000 }, async () => {
    // 1,234 creates in one organization are more than Atlas's 500 per minute: the mock's rate
    // limit is off, as this test is about pages, not limits.
    const mock = await startMock({ port: 0, rateLimits: false });
    try {
      const atlas = createAtlasAdminClient({
        clientId: DEFAULT_CLIENT_ID,
        clientSecret: DEFAULT_CLIENT_SECRET,
        baseUrl: `${mock.url}/api/atlas/v1.0`,
      });
      const created = new Set<string>();
      for (let batch = 0; batch < 1234; batch += 32) {
        const results = await Promise.all(
          Array.from({ length: Math.min(32, 1234 - batch) }, () =>
            atlas.POST("/orgs/{orgId}/apiKeys", {
              params: { path: { orgId } },
              body: { roles: ["ORG_MEMBER"] },
            }),
          ),
        );
        for (const { data, error } of results) {
          expect(error).toBeUndefined();
          created.add(data?.id ?? "");
        }
      }
      expect(created.size).toBe(1234);
      const listed: string[] = [];
      for await (const apiKey of atlas.paginate("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } })) {
        listed.push(apiKey.id);
      }
      expect(listed).toHaveLength(1234);
      expect(new Set(listed)).toEqual(created);
      await atlas.revokeToken();
    } finally {
      await mock.close();
    }
  });
});
