/**
 * A service account must not lock itself out: Atlas keeps at most 100 active tokens per service
 * account and answers 401 for missing rights too. Against the independent OAuth server
 * (test/helpers/oauth-server.ts): a refused token is replaced at most once, the replaced one is
 * revoked, and a 401 to a token never accepted is the answer.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAtlasAdminClient } from "../src/index.js";
import { clientId, clientSecret, startOAuthServer } from "./helpers/oauth-server.js";

type Server = Awaited<ReturnType<typeof startOAuthServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const orgId = "5980cfc70b6d12029d82e3f6";
const bearer = (authorization: string | undefined) => authorization?.replace(/^Bearer /, "");
const revoked = (s: Server) =>
  s.requests
    .filter((r) => r.path === "/api/oauth/revoke")
    .map((r) => new URLSearchParams(r.body).get("token"));

async function setup() {
  server = await startOAuthServer();
  const atlas = createAtlasAdminClient({
    baseUrl: `${server.origin}/api/atlas/v1.0`,
    clientId,
    clientSecret,
  });
  const list = () => atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
  return { server, atlas, list };
}

describe("a service account cannot lock itself out", () => {
  it("a server answering 401 to every Bearer call: 100 calls mint at most 2 tokens, each dropped one revoked", {
    timeout: 20_000,
  }, async () => {
    const { server, list } = await setup();
    server.refuseApiCalls(true);
    for (let i = 0; i < 100; i++) {
      const { error, response } = await list();
      expect(response.status).toBe(401);
      expect(error?.errorCode).toBe("UNAUTHORIZED");
    }
    const minted = new Set(server.apiRequests().map((r) => bearer(r.authorization)));
    expect(server.tokenRequests().length).toBeLessThanOrEqual(2);
    expect(minted.size).toBe(server.tokenRequests().length);
    await vi.waitFor(() => expect(revoked(server)).toHaveLength(minted.size - 1));
    expect(server.apiRequests()).toHaveLength(100);
  });

  it("a token accepted once, then refused everywhere: one replacement, the old token revoked, then the 401s are answers", {
    timeout: 20_000,
  }, async () => {
    const { server, list } = await setup();
    expect((await list()).response.status).toBe(200);
    const first = bearer(server.apiRequests()[0]?.authorization);
    server.refuseApiCalls(true);
    for (let i = 0; i < 100; i++) expect((await list()).response.status).toBe(401);
    expect(server.tokenRequests()).toHaveLength(2);
    await vi.waitFor(() => expect(revoked(server)).toEqual([first]));
    // 1 accepted + 1 refused + its one re-send with the new token + 99 answered 401s
    expect(server.apiRequests()).toHaveLength(102);
  });

  it("a token revoked elsewhere is replaced once, the call succeeds, and the dead one is revoked", async () => {
    const { server, list } = await setup();
    await list();
    const first = bearer(server.apiRequests()[0]?.authorization);
    server.forgetTokens();
    expect((await list()).response.status).toBe(200);
    expect(server.tokenRequests()).toHaveLength(2);
    await vi.waitFor(() => expect(revoked(server)).toEqual([first]));
  });

  it("concurrent 401s on one token share one replacement", async () => {
    const { server, list } = await setup();
    await list();
    server.forgetTokens();
    const results = await Promise.all(Array.from({ length: 10 }, () => list()));
    expect(results.map((r) => r.response.status)).toEqual(Array(10).fill(200));
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it("revocation of a replaced token never holds the call: a revocation endpoint that never answers", async () => {
    const { server, list } = await setup();
    await list();
    server.forgetTokens();
    server.holdRevocations(true);
    const started = Date.now();
    expect((await list()).response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
