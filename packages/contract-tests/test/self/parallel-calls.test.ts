/**
 * Many calls in flight on one client, against a mock of its own: all of them succeed on the
 * client's one Digest nonce (the mock's replay window holds 8,192 counters, RFC 7616 §3.3), with
 * no spurious 401.
 */
import { createAtlasAdminClient } from "@atlas-admin/client";
import { DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY, type RunningMock, startMock } from "@atlas-admin/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CALLS = 3000;
const ORG = "5980cfc70b6d12029d82e3f6";
let mock: RunningMock;

beforeAll(async () => {
  // The platform fetch opens a connection per call: 3,000 at once, whose heads the mock reads one
  // after another; the head and request timeouts are raised so that only the replay check is tested.
  mock = await startMock({
    port: 0,
    maxConnections: 4096,
    headersTimeoutMs: 120_000,
    requestTimeoutMs: 120_000,
    // Atlas's rate limit (500 a minute per organization) is off: this is a load test.
    rateLimits: false,
  });
});
afterAll(() => mock.close());

describe("one client, many calls in flight", () => {
  it(`${CALLS} parallel calls all succeed, none refused as a replay`, { timeout: 120_000 }, async () => {
    const atlas = createAtlasAdminClient({
      baseUrl: mock.url,
      publicKey: DEFAULT_PUBLIC_KEY,
      privateKey: DEFAULT_PRIVATE_KEY,
      retry: false,
      timeoutMs: 60_000,
    });
    const statuses = await Promise.all(
      Array.from({ length: CALLS }, () =>
        atlas
          .GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId: ORG }, query: { itemsPerPage: 1 } } })
          .then(({ response }) => response.status),
      ),
    );
    const counts = statuses.reduce<Record<number, number>>((all, status) => {
      all[status] = (all[status] ?? 0) + 1;
      return all;
    }, {});
    expect(counts).toEqual({ 200: CALLS });
  });
});
