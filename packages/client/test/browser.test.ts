/**
 * The client in a real browser (Debian's Chromium via playwright-core): the esbuild browser bundle
 * signs with the hand-written MD5 and with WebCrypto's SHA-256, and each signature is checked here
 * with node:crypto. The transport is injected, so nothing leaves the page.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authParams } from "./helpers/recording-fetch.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));

// Runs in the page: one call through the typed client, with a transport that answers the unsigned
// request with a Digest challenge and records what the signed one carried.
const callInPage = async ({ algorithm }: { algorithm: string }) => {
  const { createAtlasAdminClient } = (window as unknown as { atlasClient: typeof import("../src/index.js") })
    .atlasClient;
  const sent: { authorization: string | null; body: string; url: string }[] = [];
  const challenge = `Digest realm="MMS Public API", domain="", nonce="browsernonce", algorithm=${algorithm}, qop="auth", stale=false`;
  const atlas = createAtlasAdminClient({
    publicKey: "browserpub",
    privateKey: "browser-private-key",
    fetch: async (request: Request) => {
      sent.push({
        authorization: request.headers.get("Authorization"),
        body: await request.text(),
        url: request.url,
      });
      return sent.length === 1
        ? new Response(null, { status: 401, headers: { "WWW-Authenticate": challenge } })
        : Response.json({ linkToken: "from-the-browser" }, { status: 201 });
    },
  });
  const { data, response } = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
    params: { path: { orgId: "5980cfc70b6d12029d82e3f6" }, query: { pretty: true } },
    body: { accessListIps: ["203.0.113.7"] },
  });
  return { status: response.status, data, sent };
};

const hash = (algorithm: "md5" | "sha256", text: string) => createHash(algorithm).update(text).digest("hex");

describe("the client in Chromium", () => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    }
    const bundle = await build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
    });
    const script = bundle.outputFiles[0]?.text ?? "";
    server = createServer((request, response) => {
      if (request.url === "/client.js") {
        response.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
        return;
      }
      response
        .writeHead(200, { "Content-Type": "text/html" })
        .end(
          '<!doctype html><script type="module">import * as c from "/client.js"; window.atlasClient = c;</script>',
        );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    profile = mkdtempSync(join(tmpdir(), "client-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    });
    page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => "atlasClient" in window);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it.each([
    ["MD5", "md5"],
    ["SHA-256", "sha256"],
  ] as const)(
    "signs with %s as node:crypto computes it, and re-sends the body intact",
    async (algorithm, nodeHash) => {
      const result = await page.evaluate(callInPage, { algorithm });
      expect(result.status).toBe(201);
      expect(result.data).toEqual({ linkToken: "from-the-browser" });
      expect(result.sent).toHaveLength(2);
      const [unsigned, signed] = result.sent;
      expect(unsigned?.authorization).toBeNull();
      expect(signed?.body).toBe(unsigned?.body);
      expect(JSON.parse(signed?.body ?? "")).toEqual({ accessListIps: ["203.0.113.7"] });

      const params = authParams(signed?.authorization ?? "");
      const uri = "/api/atlas/v1.0/orgs/5980cfc70b6d12029d82e3f6/liveMigrations/linkTokens?pretty=true";
      expect(params).toMatchObject({
        username: "browserpub",
        realm: "MMS Public API",
        nonce: "browsernonce",
        uri,
        qop: "auth",
        nc: "00000001",
        algorithm,
      });
      const ha1 = hash(nodeHash, "browserpub:MMS Public API:browser-private-key");
      const ha2 = hash(nodeHash, `POST:${uri}`);
      expect(params.response).toBe(
        hash(nodeHash, `${ha1}:browsernonce:00000001:${params.cnonce}:auth:${ha2}`),
      );
    },
  );
});
