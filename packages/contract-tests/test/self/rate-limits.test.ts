/**
 * The client's 429 handling against the limits the spec declares, enforced by the in-process mock
 * (scaled to 0.24: a bucket of 120 requests, one more each second): without retry the call
 * returns Atlas's 429 `RATE_LIMITED`; with retry it waits the `Retry-After` and gets through.
 */
import { createAtlasAdminClient } from "@atlas-admin/client";
import { createAtlasMock, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY } from "@atlas-admin/mock";
import { describe, expect, it } from "vitest";

const ORG = "5980cfc70b6d12029d82e3f6";
const credentials = {
  publicKey: DEFAULT_PUBLIC_KEY,
  privateKey: DEFAULT_PRIVATE_KEY,
  baseUrl: "http://atlas.mock",
};

describe("the client against the mock's rate limits", () => {
  it("returns the 429 without retry, and waits Retry-After with it", { timeout: 30_000 }, async () => {
    const mock = await createAtlasMock({ rateLimitScale: 0.24 });
    const once = createAtlasAdminClient({ ...credentials, fetch: mock.fetch, retry: false });
    const list = (atlas: typeof once) =>
      atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId: ORG }, query: { itemsPerPage: 1 } } });
    let first429: Awaited<ReturnType<typeof list>> | undefined;
    for (let i = 0; i < 130 && first429 === undefined; i++) {
      const result = await list(once);
      if (result.response.status === 429) first429 = result;
    }
    expect(first429?.error).toMatchObject({ error: 429, errorCode: "RATE_LIMITED" });
    expect(Number(first429?.response.headers.get("retry-after"))).toBeGreaterThan(0);

    const patient = createAtlasAdminClient({
      ...credentials,
      fetch: mock.fetch,
      retry: { attempts: 5, maxDelayMs: 5000 },
    });
    const started = performance.now();
    const { response } = await list(patient);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThan(500);
  });
});
