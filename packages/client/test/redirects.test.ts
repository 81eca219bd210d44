/**
 * Redirects: token and revocation requests never follow one (a 3xx is an AtlasTokenError and the
 * other origin sees nothing); API calls follow as the platform's fetch does, which drops the
 * `Authorization` header when the redirect leaves the origin.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AtlasTokenError, createAtlasAdminClient } from "../src/index.js";
import { orgId } from "./helpers/fake-atlas.js";

const clientId = "mdb_sa_id_0123456789abcdef";
const clientSecret = "mdb_sa_sk_not-for-other-origins";

type Seen = { path: string; authorization: string | undefined; body: string };
const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function start(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ path: req.url ?? "", authorization: req.headers.authorization, body });
    handle(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};

describe("token and revocation requests never follow a redirect", () => {
  it("a token endpoint answering 307 to another origin: AtlasTokenError, the other origin sees nothing", async () => {
    const elsewhere = await start((_, res) =>
      json(res, 200, { access_token: "t", token_type: "Bearer", expires_in: 3600 }),
    );
    const atlasSide = await start((_, res) => {
      res.writeHead(307, { Location: `${elsewhere.origin}/api/oauth/token` });
      res.end();
    });
    const atlas = createAtlasAdminClient({
      baseUrl: `${atlasSide.origin}/api/atlas/v1.0`,
      clientId,
      clientSecret,
    });
    const error = await atlas
      .GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasTokenError);
    expect(error).toMatchObject({ status: 307 });
    expect((error as Error).message).toMatch(/redirect/);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it("revokeToken() against a revocation endpoint answering 307: rejects, the token is not posted elsewhere", async () => {
    const elsewhere = await start((_, res) => json(res, 200, {}));
    const atlasSide = await start((req, res) => {
      if (req.url === "/api/oauth/token")
        return json(res, 200, { access_token: "tok-123456", token_type: "Bearer", expires_in: 3600 });
      if (req.url === "/api/oauth/revoke") {
        res.writeHead(307, { Location: `${elsewhere.origin}/api/oauth/revoke` });
        return res.end();
      }
      json(res, 200, { results: [], totalCount: 0, links: [] });
    });
    const atlas = createAtlasAdminClient({
      baseUrl: `${atlasSide.origin}/api/atlas/v1.0`,
      clientId,
      clientSecret,
    });
    await atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
    await expect(atlas.revokeToken()).rejects.toThrow(AtlasTokenError);
    expect(elsewhere.seen).toHaveLength(0);
  });
});

describe("API calls follow a redirect as the platform does", () => {
  it.each([
    ["an API key (Digest)", { publicKey: "zmmrboas", privateKey: "88e33af4-8d0c-4f5f-9a04-db2c132ca78d" }],
    ["a service account (Bearer)", { clientId, clientSecret }],
  ])("with %s, a redirect to another origin carries no Authorization there", async (_, credentials) => {
    const elsewhere = await start((_, res) => json(res, 200, { results: [], totalCount: 0, links: [] }));
    const atlasSide = await start((req, res) => {
      if (req.url === "/api/oauth/token")
        return json(res, 200, { access_token: "tok-123456", token_type: "Bearer", expires_in: 3600 });
      if (!req.headers.authorization) {
        res.writeHead(401, {
          "WWW-Authenticate": 'Digest realm="MMS Public API", nonce="abc", algorithm=MD5, qop="auth"',
        });
        return res.end();
      }
      res.writeHead(307, { Location: `${elsewhere.origin}${req.url}` });
      res.end();
    });
    const atlas = createAtlasAdminClient({
      baseUrl: `${atlasSide.origin}/api/atlas/v1.0`,
      ...credentials,
    } as Parameters<typeof createAtlasAdminClient>[0]);
    const { response } = await atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
    expect(response.status).toBe(200);
    expect(elsewhere.seen.length).toBeGreaterThan(0);
    expect(elsewhere.seen.every((r) => r.authorization === undefined)).toBe(true);
  });
});
