/**
 * The client with a service account against the mock, as a new user would run them together:
 * API calls with `{ clientId, clientSecret }` and `baseUrl` pointed at the mock, one token for
 * parallel calls, and a token that the mock expires or revokes replaced without the caller noticing.
 */
import { createAtlasAdminClient } from "@atlas-admin/client";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type RunningMock, startMock } from "@atlas-admin/mock";
import { afterEach, describe, expect, it } from "vitest";

const orgId = "5980cfc70b6d12029d82e3f6";
let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** A client on the mock whose transport counts the requests by path. */
async function setup(options: Parameters<typeof startMock>[0] = {}) {
  mock = await startMock({ port: 0, ...options });
  const paths: string[] = [];
  const atlas = createAtlasAdminClient({
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    baseUrl: `${mock.url}/api/atlas/v1.0`,
    fetch: (request) => {
      paths.push(new URL(request.url).pathname);
      return fetch(request);
    },
  });
  const tokenRequests = () => paths.filter((p) => p === "/api/oauth/token").length;
  return { atlas, paths, tokenRequests };
}

describe("a service account on the mock", () => {
  it("creates an API key and a link token with only baseUrl pointed at the mock", async () => {
    const { atlas, paths } = await setup();
    const key = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "ci", roles: ["ORG_MEMBER"] },
    });
    expect(key.error).toBeUndefined();
    expect(key.data).toMatchObject({ desc: "ci", roles: [{ orgId, roleName: "ORG_MEMBER" }] });
    const link = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      body: { accessListIps: ["203.0.113.7"] },
    });
    expect(link.error).toBeUndefined();
    expect(link.data?.linkToken).toEqual(expect.any(String));
    expect(paths).toEqual([
      "/api/oauth/token",
      `/api/atlas/v1.0/orgs/${orgId}/apiKeys`,
      `/api/atlas/v1.0/orgs/${orgId}/liveMigrations/linkTokens`,
    ]);
  });

  it("twenty parallel calls cost one token request", async () => {
    const { atlas, tokenRequests } = await setup();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { roles: ["ORG_MEMBER"] } }),
      ),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(20).fill(200));
    expect(tokenRequests()).toBe(1);
  });

  it("a token the mock expired is replaced transparently", { timeout: 15_000 }, async () => {
    const { atlas, tokenRequests } = await setup({ tokenLifetimeSeconds: 1 });
    const call = () =>
      atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { roles: ["ORG_MEMBER"] } });
    expect((await call()).response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call()).response.status).toBe(200);
    expect(tokenRequests()).toBe(2);
  });

  it("revokeToken() frees the account's only token slot: the next call gets a new token", async () => {
    const { atlas, paths, tokenRequests } = await setup({ maxActiveTokens: 1 });
    const call = () =>
      atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { roles: ["ORG_MEMBER"] } });
    expect((await call()).response.status).toBe(200);
    await atlas.revokeToken();
    expect((await call()).response.status).toBe(200);
    expect(tokenRequests()).toBe(2);
    expect(paths.filter((p) => p === "/api/oauth/revoke")).toHaveLength(1);
  });
});
