/**
 * The validating proxy: in front of the mock itself (no findings, Digest and Bearer end to end
 * with curl), in front of an upstream that breaks the spec in each way (every kind found, the
 * answer passed on byte for byte, no secret in the report), and in front of an independent Digest
 * server (http-auth), with curl --digest through the proxy.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import httpAuth from "http-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type RunningMock, startMock } from "../src/index.js";
import { curl } from "./helpers/curl.js";
import { API_KEYS_TEMPLATE, responseExample } from "./helpers/spec-examples.js";

const ORG = "5980cfc70b6d12029d82e3f6";
const KEYS = `/orgs/${ORG}/apiKeys`;
const SECRET = "5ecre7-private-key-value";
const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const running: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const server of running.reverse()) await server.close();
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  running.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function proxy(upstream: string): Promise<{ url: string; findings: () => Record<string, any>[] }> {
  const report = join(mkdtempSync(join(tmpdir(), "atlas-proxy-")), "findings.jsonl");
  const started: RunningMock = await startMock({ port: 0, upstream, report });
  running.push(started);
  const findings = () =>
    readFileSync(report, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, any>);
  return { url: started.url, findings };
}

/** A request's answer as bytes: status, chosen headers and the body exactly. */
function exchange(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; header: string | undefined; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          header: res.headers["x-upstream"] as string,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("in front of the mock", () => {
  let mock: RunningMock;
  let through: Awaited<ReturnType<typeof proxy>>;
  beforeAll(async () => {
    mock = await startMock({ port: 0 });
    running.push(mock);
    through = await proxy(mock.url);
  });

  it("curl --digest through the proxy creates and lists keys; nothing is reported", async () => {
    const created = await curl(`${through.url}${KEYS}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      data: JSON.stringify({ desc: "through the proxy", roles: ["ORG_MEMBER"] }),
    });
    expect(created.status).toBe(200);
    expect(created.json().desc).toBe("through the proxy");
    const listed = await curl(`${through.url}/api/atlas/v1.0${KEYS}`);
    expect(listed.status).toBe(200);
    expect(through.findings()).toEqual([]);
  });

  it("a service account's token is fetched and used through the proxy", async () => {
    const token = await curl(`${through.url}/api/oauth/token`, {
      auth: "basic",
      user: `${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      data: "grant_type=client_credentials",
    });
    expect(token.status).toBe(200);
    const listed = await curl(`${through.url}${KEYS}`, {
      auth: "none",
      headers: { Authorization: `Bearer ${token.json().access_token}` },
    });
    expect(listed.status).toBe(200);
    expect(through.findings()).toEqual([]);
  });
});

describe("in front of an upstream that breaks the spec", () => {
  const valid = responseExample(API_KEYS_TEMPLATE, 200) as Record<string, unknown>;
  const answers: Record<string, [number, string, string]> = {
    fine: [200, "application/json", JSON.stringify({ ...valid, privateKey: SECRET })],
    "missing-required": [200, "application/json", JSON.stringify({ desc: "no id", privateKey: SECRET })],
    "wrong-type": [200, "application/json", JSON.stringify({ ...valid, desc: 5, privateKey: SECRET })],
    pattern: [200, "application/json", JSON.stringify({ ...valid, id: "not-hex", privateKey: SECRET })],
    "undeclared-status": [418, "application/json", JSON.stringify({ error: 418 })],
    "content-type": [200, "text/html", "<p>maintenance</p>"],
    malformed: [200, "application/json", `{"privateKey":"${SECRET}"`],
  };
  let upstream: string;
  let through: Awaited<ReturnType<typeof proxy>>;
  beforeAll(async () => {
    upstream = await listen((req, res) => {
      req.resume();
      req.on("end", () => {
        const [status, type, body] =
          answers[String(req.headers["x-case"])] ?? (answers.fine as [number, string, string]);
        res.writeHead(status, { "Content-Type": type, "X-Upstream": "yes" }).end(body);
      });
    });
    through = await proxy(upstream);
  });

  const body = JSON.stringify({ desc: "k", roles: ["ORG_MEMBER"] });
  const headers = (kase: string) => ({
    "Content-Type": "application/json",
    "X-Case": kase,
    Authorization: `Digest username="u", response="${SECRET}"`,
  });

  it.each([
    ["missing-required", "required", "/id"],
    ["wrong-type", "type", "/desc"],
    ["pattern", "pattern", "/id"],
    ["undeclared-status", "undeclared-status", ""],
    ["content-type", "undeclared-content-type", ""],
    ["malformed", "malformed-json", ""],
  ])("%s: found (%s at %j), and the answer is passed on byte for byte", async (kase, rule, pointer) => {
    const direct = await exchange(upstream + KEYS, "POST", headers(kase), body);
    const before = through.findings().length;
    const proxied = await exchange(through.url + KEYS, "POST", headers(kase), body);
    expect(proxied).toEqual(direct);
    const added = through.findings().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      operationId: "createApiKey",
      method: "POST",
      path: "/orgs/{orgId}/apiKeys",
    });
    expect(added[0]?.violations).toContainEqual(
      expect.objectContaining({ location: "response", rule, pointer }),
    );
  });

  it("a request that breaks the spec is forwarded, answered as the upstream answers, and found", async () => {
    const before = through.findings().length;
    const invalid = JSON.stringify({ desc: "k", roles: ["ORG_NOPE"] });
    const proxied = await exchange(through.url + KEYS, "POST", headers("fine"), invalid);
    expect(proxied.status).toBe(200);
    const added = through.findings().slice(before);
    expect(added[0]?.violations).toContainEqual(
      expect.objectContaining({ location: "request", rule: "enum", pointer: "/body/roles/0" }),
    );
  });

  it("an unknown path is forwarded and reported", async () => {
    const before = through.findings().length;
    const proxied = await exchange(`${through.url}/orgs/${ORG}/widgets`, "GET", { "X-Case": "fine" });
    expect(proxied.header).toBe("yes");
    expect(through.findings().slice(before)[0]).toMatchObject({
      operationId: null,
      path: `/orgs/${ORG}/widgets`,
      violations: [expect.objectContaining({ rule: "unknown-path" })],
    });
  });

  it("no secret reaches the report: not the Authorization value, not a privateKey", () => {
    const text = JSON.stringify(through.findings());
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/Digest|authorization/i);
  });

  it("an upstream that cannot be reached is a 502 ApiError, and found", async () => {
    const closed = await listen(() => {});
    await running.pop()?.close();
    const dead = await proxy(closed);
    const answer = await exchange(dead.url + KEYS, "POST", headers("fine"), body);
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ errorCode: "BAD_GATEWAY" });
    expect(dead.findings()[0]?.violations).toContainEqual(
      expect.objectContaining({ rule: "upstream-unreachable" }),
    );
  });
});

describe("in front of an independent Digest server (http-auth)", () => {
  it("curl --digest authenticates end to end through the proxy", async () => {
    const realm = "MMS Public API";
    const digest = httpAuth.digest({ realm, algorithm: "MD5", qop: "auth" }, (username, done) => {
      done(username === "independent" ? md5(`independent:${realm}:pa55`) : md5("no such user"));
    });
    const valid = JSON.stringify(responseExample(API_KEYS_TEMPLATE, 200, undefined, "get"));
    const upstream = await listen((req, res) => {
      req.resume();
      req.on("end", () =>
        digest.check((_, answer) => {
          answer.writeHead(200, { "Content-Type": "application/json" }).end(valid);
        })(req, res),
      );
    });
    const through = await proxy(upstream);
    const listed = await curl(`${through.url}${KEYS}`, { user: "independent:pa55" });
    expect(listed.status).toBe(200);
    const refused = await curl(`${through.url}${KEYS}`, { user: "independent:wrong" });
    expect(refused.status).toBe(401);
  });
});
