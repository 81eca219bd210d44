/**
 * The client against Atlas's failure modes, with the mock in-process (`createAtlasMock`, no socket)
 * as its transport: the 429 retry outlasts a 50 % rate of 429s, the deadline ends a call the mock
 * never answers, and a reset connection is an AtlasNetworkError.
 */
import { AtlasNetworkError, AtlasTimeoutError, createAtlasAdminClient } from "@atlas-admin/client";
import { createAtlasMock, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY } from "@atlas-admin/mock";
import { describe, expect, it } from "vitest";

const ORG = "5980cfc70b6d12029d82e3f6";
const credentials = { publicKey: DEFAULT_PUBLIC_KEY, privateKey: DEFAULT_PRIVATE_KEY };

describe("the client against injected faults (in-process mock)", () => {
  it("its 429 retry gets every call through a 50 % rate of 429s", { timeout: 60_000 }, async () => {
    const mock = await createAtlasMock({ faultRate: 0.5, faults: ["status=429"], faultSeed: 3 });
    const atlas = createAtlasAdminClient({
      ...credentials,
      baseUrl: "http://atlas.mock",
      fetch: mock.fetch,
      retry: { attempts: 10, maxDelayMs: 2000 },
    });
    for (let i = 0; i < 4; i++) {
      const { response, data } = await atlas.POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId: ORG } },
        body: { desc: `retry ${i}`, roles: ["ORG_MEMBER"] },
      });
      expect(response.status).toBe(200);
      expect(data?.desc).toBe(`retry ${i}`);
    }
  });

  it("its deadline ends a call the mock never answers", async () => {
    const mock = await createAtlasMock();
    const atlas = createAtlasAdminClient({
      ...credentials,
      baseUrl: "http://atlas.mock",
      fetch: mock.fetch,
      timeoutMs: 300,
      headers: { Prefer: "fault=timeout" },
    });
    const started = performance.now();
    await expect(
      atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId: ORG } } }),
    ).rejects.toBeInstanceOf(AtlasTimeoutError);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("a reset connection is an AtlasNetworkError", async () => {
    const mock = await createAtlasMock();
    const atlas = createAtlasAdminClient({
      ...credentials,
      baseUrl: "http://atlas.mock",
      fetch: mock.fetch,
      headers: { Prefer: "fault=reset" },
    });
    await expect(
      atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId: ORG } } }),
    ).rejects.toBeInstanceOf(AtlasNetworkError);
  });
});
