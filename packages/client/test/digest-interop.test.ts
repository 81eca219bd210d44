/** HTTP Digest interoperability: real exchanges on 127.0.0.1 against http-auth's server-side implementation. */
import { afterEach, describe, expect, it } from "vitest";
import { createAtlasAdminClient, createDigestFetch } from "../src/index.js";
import { startDigestServer } from "./helpers/digest-server.js";
import { credentials, orgId } from "./helpers/fake-atlas.js";
import { authParams } from "./helpers/recording-fetch.js";

const { publicKey, privateKey } = credentials;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function setup(options: { password?: string; algorithm?: "MD5" | "MD5-sess" } = {}) {
  const server = await startDigestServer({
    username: publicKey,
    password: privateKey,
    algorithm: options.algorithm,
  });
  close = server.close;
  const atlas = createAtlasAdminClient({
    publicKey,
    privateKey: options.password ?? privateKey,
    baseUrl: server.baseUrl,
  });
  return { server, atlas };
}

describe("Digest against http-auth", () => {
  it("50 sequential calls cost 51 requests on the wire (one challenge, then one request each)", async () => {
    const { server, atlas } = await setup();
    for (let i = 0; i < 50; i++) {
      const { data, error } = await atlas.POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId } },
        body: { desc: `key ${i}`, roles: ["ORG_MEMBER"] },
      });
      expect(error).toBeUndefined();
      expect(data?.desc).toBe(`key ${i}`);
    }
    expect(server.requests).toHaveLength(51);
    expect(server.requests[0]?.authorization).toBeUndefined();
    expect(server.requests.slice(1).every((r) => r.authenticated)).toBe(true);
    const signed = server.requests.slice(1).map((r) => authParams(r.authorization ?? null));
    expect(new Set(signed.map((p) => p.nonce)).size).toBe(1);
    expect(signed.map((p) => p.nc)).toEqual(
      Array.from({ length: 50 }, (_, i) => (i + 1).toString(16).padStart(8, "0")),
    );
  });

  it("recovers from stale=true once the server's nonces expire: one re-signed request", {
    timeout: 5000,
  }, async () => {
    const { server, atlas } = await setup();
    const body = { roles: ["ORG_READ_ONLY" as const] };
    expect(
      (await atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body })).error,
    ).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    const oldNonce = authParams(server.requests[1]?.authorization ?? null).nonce;

    server.expireNonces();
    const { data, error, response } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body,
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.roles).toEqual([{ orgId, roleName: "ORG_READ_ONLY" }]);
    // pre-emptive request with the expired nonce (401 stale=true), then one signed with the new nonce
    expect(server.requests).toHaveLength(4);
    expect(server.requests[2]?.authenticated).toBe(false);
    expect(server.requests[3]?.authenticated).toBe(true);
    const renewed = authParams(server.requests[3]?.authorization ?? null);
    expect(renewed.nonce).not.toBe(oldNonce);
    expect(renewed.nc).toBe("00000001");
    expect(server.requests[3]?.body).toBe(JSON.stringify(body));

    // the new nonce is kept: the next call is one request again
    await atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body });
    expect(server.requests).toHaveLength(5);
    expect(authParams(server.requests[4]?.authorization ?? null)).toMatchObject({
      nonce: renewed.nonce,
      nc: "00000002",
    });
  });

  it("a wrong private key gives the 401 after exactly two requests, never a loop", async () => {
    const { server, atlas } = await setup({ password: "wrong-private-key" });
    const { data, error, response } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "CI key" },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error?.error).toBe(401);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.authorization).toMatch(/^Digest /);
    expect(server.requests.some((r) => r.authenticated)).toBe(false);
  });

  it("20 parallel calls all succeed, and no nc is used twice for one nonce", async () => {
    const { server, atlas } = await setup();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
          params: { path: { orgId } },
          body: { accessListIps: [`203.0.113.${i}`] },
        }),
      ),
    );
    results.forEach(({ data, error, response }, i) => {
      expect(error).toBeUndefined();
      expect(response.status).toBe(201);
      expect(data?.linkToken).toBe(`token-for-203.0.113.${i}`);
    });
    const used = server.requests
      .filter((r) => r.authorization)
      .map((r) => authParams(r.authorization ?? null))
      .map((p) => `${p.nonce}/${p.nc}`);
    expect(new Set(used).size).toBe(used.length);
    expect(server.requests.filter((r) => r.authenticated)).toHaveLength(20);
    // a single unsigned probe: the other 19 calls waited for its challenge
    expect(server.requests.filter((r) => !r.authorization)).toHaveLength(1);
  });

  it("both operations arrive with their bodies intact, on the challenged and on the signed send", async () => {
    const { server, atlas } = await setup();
    const keyBody = {
      desc: 'CI key "quoted" é 😀',
      roles: ["ORG_MEMBER" as const, "ORG_BILLING_ADMIN" as const],
    };
    const tokenBody = { accessListIps: ["203.0.113.7", "192.0.2.0/24", "2001:db8::/32"] };
    const key = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId }, query: { pretty: true } },
      body: keyBody,
    });
    const token = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      body: tokenBody,
    });
    expect(key.data?.desc).toBe(keyBody.desc);
    expect(key.data?.roles.map((r) => r.roleName)).toEqual(keyBody.roles);
    expect(token.data?.linkToken).toBe("token-for-203.0.113.7+192.0.2.0/24+2001:db8::/32");
    expect(server.requests.map((r) => [r.method, r.url, r.body, r.authenticated])).toEqual([
      ["POST", `/api/atlas/v1.0/orgs/${orgId}/apiKeys?pretty=true`, JSON.stringify(keyBody), false],
      ["POST", `/api/atlas/v1.0/orgs/${orgId}/apiKeys?pretty=true`, JSON.stringify(keyBody), true],
      ["POST", `/api/atlas/v1.0/orgs/${orgId}/liveMigrations/linkTokens`, JSON.stringify(tokenBody), true],
    ]);
    expect(authParams(server.requests[1]?.authorization ?? null).uri).toBe(
      `/api/atlas/v1.0/orgs/${orgId}/apiKeys?pretty=true`,
    );
  });

  it("signs MD5-sess as http-auth verifies it", async () => {
    const { server, atlas } = await setup({ algorithm: "MD5-sess" });
    for (let i = 0; i < 3; i++) {
      const { error } = await atlas.POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId } },
        body: { desc: "x" },
      });
      expect(error).toBeUndefined();
    }
    expect(server.requests.map((r) => r.authenticated)).toEqual([false, true, true, true]);
    expect(authParams(server.requests[1]?.authorization ?? null).algorithm).toBe("MD5-sess");
  });

  it("createDigestFetch works on its own with plain fetch-style calls", async () => {
    const server = await startDigestServer({ username: publicKey, password: privateKey });
    close = server.close;
    const digestFetch = createDigestFetch({ publicKey, privateKey });
    const url = `${server.baseUrl}/orgs/${orgId}/liveMigrations/linkTokens`;
    for (let i = 0; i < 3; i++) {
      const response = await digestFetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ accessListIps: [`198.51.100.${i}`] }),
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ linkToken: `token-for-198.51.100.${i}` });
    }
    expect(server.requests).toHaveLength(4);
  });
});
