/**
 * Three defects a hostile probe found, each at its cause: a server quoting the request's
 * `Authorization` in an Atlas error (Digest parameters, a Bearer token), a 307/308 on a call with
 * a body, and a caller's own exception after the response head.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AtlasNetworkError, AtlasPageError, createAtlasAdminClient } from "../src/index.js";
import { orgId } from "./helpers/fake-atlas.js";

const publicKey = "zmmrboas";
const privateKey = "PRIVATE-KEY-e4f1c2a9-7b3d-4c55-9e0f";
const clientId = "mdb_sa_id_0123456789abcdef01234567";
const clientSecret = "mdb_sa_sk_s3cr3t-value-not-for-logs";
const accessToken = "eyJhbGciOiJFUzUxMiJ9.probe-token-value";
const CHALLENGE = 'Digest realm="MMS Public API", nonce="probe-nonce-1", algorithm=MD5, qop="auth"';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
async function start(handle: Handler) {
  const seen: { method: string; path: string; body: string; authorization?: string }[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({
      method: req.method ?? "",
      path: req.url ?? "",
      body,
      authorization: req.headers.authorization,
    });
    if (req.url === "/api/oauth/token") {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ access_token: accessToken, token_type: "Bearer", expires_in: 3600 }));
    }
    if (!req.headers.authorization) {
      res.writeHead(401, { "WWW-Authenticate": CHALLENGE });
      return res.end();
    }
    handle(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const credentials = [
  ["an API key (Digest)", { publicKey, privateKey }],
  ["a service account (Bearer)", { clientId, clientSecret }],
] as const;

describe("a server echoing the request's Authorization in an Atlas error", () => {
  it.each(credentials)(
    "with %s: no credential in error.detail, a thrown message or a log line",
    async (_, auth) => {
      const server = await start((req, res) => {
        res.writeHead(400, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            error: 400,
            errorCode: "INVALID_ATTRIBUTE",
            reason: "Bad Request",
            detail: `Rejected Authorization: ${req.headers.authorization}`,
            parameters: [req.headers.authorization],
          }),
        );
      });
      const lines: string[] = [];
      const logger = {
        debug: (l: string) => lines.push(l),
        info: (l: string) => lines.push(l),
        warn: (l: string) => lines.push(l),
        error: (l: string) => lines.push(l),
      };
      const atlas = createAtlasAdminClient({
        baseUrl: server.url,
        ...auth,
        logger,
        logLevel: "debug",
      } as Parameters<typeof createAtlasAdminClient>[0]);
      const { error } = await atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
      const thrown = await (async () => {
        for await (const _ of atlas.paginate("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } })) {
        }
      })().catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(AtlasPageError);
      expect(error?.errorCode).toBe("INVALID_ATTRIBUTE");
      expect(error?.detail).toMatch(/^Rejected Authorization: (Digest|Bearer) \[redacted\]/);
      const sent = server.seen.map((r) => r.authorization).filter((a): a is string => a !== undefined);
      expect(sent.length).toBeGreaterThan(0);
      const shown = [JSON.stringify(error), String(thrown), JSON.stringify(thrown), ...lines].join("\n");
      for (const authorization of sent) {
        expect(shown).not.toContain(authorization);
        // each credential-bearing part: the Digest response hash and nonce count, or the token
        for (const part of authorization.match(/response="[0-9a-f]+"|cnonce="[^"]+"|Bearer \S+/g) ?? [])
          expect(shown).not.toContain(part);
      }
      expect(shown).not.toContain(accessToken);
      expect(shown).not.toContain(privateKey);
    },
  );
});

describe("a same-origin 307 or 308 on a call with a body", () => {
  it.each([
    [307, ...credentials[0]],
    [308, ...credentials[0]],
    [307, ...credentials[1]],
  ])("%s with %s: followed, the body sent again", async (status, _, auth) => {
    const body = { desc: "moved", roles: ["ORG_MEMBER"] as "ORG_MEMBER"[] };
    const server = await start((req, res) => {
      if (!req.url?.startsWith("/moved/")) {
        res.writeHead(status, { Location: `/moved${req.url}` });
        return res.end();
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ id: "5c47ba5127d9d61b9fd8a27b", desc: "moved" }));
    });
    const atlas = createAtlasAdminClient({ baseUrl: server.url, ...auth } as Parameters<
      typeof createAtlasAdminClient
    >[0]);
    const { data, response } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body,
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ desc: "moved" });
    const moved = server.seen.filter((r) => r.path.startsWith("/moved/"));
    expect(moved).toEqual([expect.objectContaining({ method: "POST", body: JSON.stringify(body) })]);
  });
});

describe("a caller's own exception after the response head", () => {
  it("a middleware throwing in onResponse reaches the caller as it is, not as AtlasNetworkError", async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ id: "5c47ba5127d9d61b9fd8a27b" }));
    });
    const atlas = createAtlasAdminClient({ baseUrl: server.url, publicKey, privateKey });
    class AuditFailed extends Error {}
    atlas.use({
      onResponse() {
        throw new AuditFailed("the audit log is full");
      },
    });
    const error = await atlas
      .POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "once" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditFailed);
    expect(error).not.toBeInstanceOf(AtlasNetworkError);
    expect(server.seen.filter((r) => r.method === "POST" && r.authorization)).toHaveLength(1);
  });

  it("a middleware reading the body and throwing a SyntaxError of its own: the same", async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ id: "5c47ba5127d9d61b9fd8a27b" }));
    });
    const atlas = createAtlasAdminClient({ baseUrl: server.url, publicKey, privateKey });
    atlas.use({
      async onResponse({ response }) {
        JSON.parse(`${await response.clone().text()}!`);
      },
    });
    const error = await atlas
      .POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "once" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyntaxError);
  });
});
