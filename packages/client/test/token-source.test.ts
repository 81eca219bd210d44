/**
 * The service-account token source against an OAuth 2.0 server that is not this project's
 * (`@node-oauth/oauth2-server`, test/helpers/oauth-server.ts): token exchange, one token for
 * concurrent calls, refresh, token-endpoint errors, replacement of a refused token without
 * locking the account out, and revocation.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AtlasServiceAccountClient, AtlasTokenError, createAtlasAdminClient } from "../src/index.js";
import { orgId } from "./helpers/fake-atlas.js";
import { clientId, clientSecret, startOAuthServer, startServiceAccount } from "./helpers/oauth-server.js";
import { json, recordingFetch } from "./helpers/recording-fetch.js";

type Server = Awaited<ReturnType<typeof startOAuthServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: { lifetimeSeconds?: number; retry?: false } = {}) {
  const started = await startServiceAccount(options);
  server = started.server;
  const { atlas } = started;
  const list = () => atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
  return { server: started.server, atlas, list };
}
const createKey = (atlas: AtlasServiceAccountClient) =>
  atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } });
const bearer = (authorization: string | undefined) => authorization?.replace(/^Bearer /, "");
const revoked = (s: Server) =>
  s.requests
    .filter((r) => r.path === "/api/oauth/revoke")
    .map((r) => new URLSearchParams(r.body).get("token"));

describe("service account (OAuth 2.0 client credentials)", () => {
  it("gets a token at the base URL's origin with Basic credentials that are not URL-encoded, then sends Bearer", async () => {
    const { server, atlas } = await setup();
    const { data, error, response } = await createKey(atlas);
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: "5c47ba5127d9d61b9fd8a27b" });
    const [token] = server.tokenRequests();
    expect(token?.path).toBe("/api/oauth/token");
    expect(token?.contentType).toBe("application/x-www-form-urlencoded");
    expect(token?.body).toBe("grant_type=client_credentials");
    const basic = Buffer.from(token?.authorization?.replace(/^Basic /, "") ?? "", "base64").toString("utf8");
    expect(basic).toBe(`${clientId}:${clientSecret}`); // `_` stays `_`, not `%5F`
    expect(server.apiRequests().map((r) => r.authorization)).toEqual([expect.stringMatching(/^Bearer \S+$/)]);
  });

  it("a token answered with expires_in 0 is used for its call and not kept", async () => {
    const wire = recordingFetch((request) =>
      request.url.endsWith("/api/oauth/token")
        ? json(200, { access_token: "spent-at-once", token_type: "Bearer", expires_in: 0 })
        : json(200, { id: "5c47ba5127d9d61b9fd8a27b" }),
    );
    const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch: wire.fetch });
    await createKey(atlas);
    await createKey(atlas);
    expect(wire.requests.filter((r) => r.url.endsWith("/api/oauth/token"))).toHaveLength(2);
  });

  it("twenty parallel first calls cause exactly one token request", async () => {
    const { server, atlas } = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => createKey(atlas)));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(server.tokenRequests()).toHaveLength(1);
    expect(new Set(server.apiRequests().map((r) => r.authorization)).size).toBe(1);
    await createKey(atlas);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it("refreshes the token before it expires (a tenth of a short lifetime before)", {
    timeout: 10_000,
  }, async () => {
    // The server says `expires_in: 1` or `2` (it rounds down what is left of 2 s); either way the
    // token is due for refresh 1.9 s after the first call.
    const { server, atlas } = await setup({ lifetimeSeconds: 2 });
    await createKey(atlas);
    await new Promise((resolve) => setTimeout(resolve, 1900));
    const { response } = await createKey(atlas);
    expect(response.status).toBe(200);
    expect(server.tokenRequests()).toHaveLength(2);
    const [first, second] = server.apiRequests().map((r) => r.authorization);
    expect(second).not.toBe(first);
  });

  it("a token the server no longer accepts is replaced once and the call sent again", async () => {
    const { server, atlas } = await setup();
    await createKey(atlas);
    server.forgetTokens();
    const { response } = await createKey(atlas);
    expect(response.status).toBe(200);
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests()).toHaveLength(3);
  });

  it("a refused token request fails the calls that waited for it; the next call tries again", async () => {
    const { server, atlas } = await setup();
    server.scriptTokenAnswers({
      status: 401,
      body: { error: "invalid_client", error_description: "Invalid client credentials." },
    });
    const failed = await Promise.all(
      [createKey(atlas), createKey(atlas)].map((p) => p.catch((e: unknown) => e)),
    );
    for (const error of failed) {
      expect(error).toBeInstanceOf(AtlasTokenError);
      expect(error).toMatchObject({
        status: 401,
        error: "invalid_client",
        errorDescription: "Invalid client credentials.",
      });
    }
    expect(server.tokenRequests()).toHaveLength(1);
    expect((await createKey(atlas)).response.status).toBe(200);
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it("the library's own refusal of wrong credentials surfaces as invalid_client", async () => {
    server = await startOAuthServer();
    const atlas = createAtlasAdminClient({ baseUrl: server.origin, clientId, clientSecret: "wrong" });
    const error = await createKey(atlas).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasTokenError);
    expect(error).toMatchObject({ status: 401, error: "invalid_client" });
  });

  it("a 429 from the token endpoint (Atlas's ApiError) is waited out per Retry-After, within the deadline", async () => {
    const { server, atlas } = await setup();
    const rateLimited = {
      status: 429,
      headers: { "Retry-After": "1" },
      body: {
        detail: "Resource /api/oauth/token is limited to 10 requests every 1 minutes.",
        error: 429,
        errorCode: "RATE_LIMITED",
        parameters: ["/api/oauth/token", 10, 1],
        reason: "Too Many Requests",
      },
    };
    server.scriptTokenAnswers(rateLimited);
    const started = Date.now();
    expect((await createKey(atlas)).response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it("without retries, the token endpoint's 429 is an AtlasTokenError carrying the ApiError", async () => {
    const { server, atlas } = await setup({ retry: false });
    server.scriptTokenAnswers({
      status: 429,
      headers: { "Retry-After": "60" },
      body: { error: 429, errorCode: "RATE_LIMITED", detail: "limited" },
    });
    const error = await createKey(atlas).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasTokenError);
    expect(error).toMatchObject({ status: 429, apiError: { errorCode: "RATE_LIMITED" }, error: undefined });
  });

  it("revokeToken() revokes the current token and the next call gets a new one", async () => {
    const { server, atlas } = await setup();
    await createKey(atlas);
    const token = server.apiRequests()[0]?.authorization?.replace("Bearer ", "");
    await atlas.revokeToken();
    const revoke = server.requests.find((r) => r.path === "/api/oauth/revoke");
    expect(new URLSearchParams(revoke?.body)).toEqual(
      new URLSearchParams({ token: token ?? "", token_type_hint: "access_token" }),
    );
    expect(revoke?.authorization).toBe(server.tokenRequests()[0]?.authorization);
    await createKey(atlas);
    expect(server.tokenRequests()).toHaveLength(2);
    await atlas.revokeToken();
    await atlas.revokeToken(); // nothing left to revoke: no request
    expect(server.requests.filter((r) => r.path === "/api/oauth/revoke")).toHaveLength(2);
  });
});

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
