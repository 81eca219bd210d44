/**
 * CORS as browsers require it: a preflight answers 204 naming every method of the spec and
 * `Authorization` by name; every answer (401 challenges, 429s, errors, successes) carries the
 * allowed origin and exposes the spec's response headers and `WWW-Authenticate`; other origins
 * get none of it unless `--allowed-origins` lists them. Also the page served at `/`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { specOperations } from "@atlas-admin/spec-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  type RunningMock,
  startMock,
} from "../src/index.js";
import { parseCliOptions } from "../src/options.js";
import { authorization, fetchChallenge, PRIVATE_KEY, PUBLIC_KEY } from "./helpers/digest-client.js";
import { bundlePath, spec } from "./helpers/spec.js";

const ORG = "5980cfc70b6d12029d82e3f6";
const KEYS = `/orgs/${ORG}/apiKeys`;
const operations = specOperations(spec);
const specMethods = [...new Set(operations.map((o) => o.method.toUpperCase()))];
/** Every response header the spec declares, lower-cased. */
const specHeaders = [
  ...new Set(
    operations.flatMap((o) =>
      o.statuses.flatMap((status) =>
        Object.keys(o.response(status)?.headers ?? {}).map((h) => h.toLowerCase()),
      ),
    ),
  ),
];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with any headers (`Origin` included, which fetch would not let a page set). */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const exposed = (answer: Answer) =>
  String(answer.headers["access-control-expose-headers"] ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase());

describe("CORS with the default origins (loopback)", () => {
  let mock: RunningMock;
  const origin = "http://localhost:8080";
  beforeAll(async () => {
    mock = await startMock({ port: 0, specPath: bundlePath, publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
  });
  afterAll(() => mock?.close());

  it("answers the preflight of a DELETE with authorization 204, naming every method of the spec", async () => {
    const answer = await send(mock.url, "OPTIONS", `${KEYS}/abc`, {
      Origin: origin,
      "Access-Control-Request-Method": "DELETE",
      "Access-Control-Request-Headers": "authorization,content-type",
    });
    expect(answer.status).toBe(204);
    expect(answer.headers["access-control-allow-origin"]).toBe(origin);
    const methods = String(answer.headers["access-control-allow-methods"]).split(", ");
    expect(methods).toEqual(expect.arrayContaining([...specMethods, "DELETE", "PATCH"]));
    const allowed = String(answer.headers["access-control-allow-headers"]).toLowerCase().split(", ");
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "accept", "prefer"]));
    expect(allowed).not.toContain("*");
    expect(String(answer.headers.vary)).toContain("Origin");
  });

  it("puts the headers on a 401 challenge, exposing WWW-Authenticate and the spec's response headers", async () => {
    const answer = await send(mock.url, "GET", KEYS, { Origin: origin });
    expect(answer.status).toBe(401);
    expect(answer.headers["access-control-allow-origin"]).toBe(origin);
    expect(exposed(answer)).toEqual(expect.arrayContaining(["www-authenticate", ...specHeaders]));
    expect(exposed(answer)).toEqual(expect.arrayContaining(["retry-after", "ratelimit-limit"]));
    expect(answer.headers.vary).toBe("Origin");
  });

  it("puts them on a signed success, a 429, a 404 and the token endpoint's answers", async () => {
    const { params } = await fetchChallenge(mock.url);
    const signed = await send(mock.url, "GET", KEYS, {
      Origin: origin,
      Authorization: authorization({ method: "GET", uri: KEYS, nonce: params.nonce as string }),
    });
    expect(signed.status).toBe(200);
    const tooMany = await send(mock.url, "GET", KEYS, { Origin: origin, Prefer: "fault=status=429" });
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers["retry-after"]).toBeDefined();
    const notFound = await send(mock.url, "GET", "/nothing/here", { Origin: origin });
    const token = await send(mock.url, "POST", "/api/oauth/token", { Origin: origin });
    for (const answer of [signed, tooMany, notFound, token]) {
      expect(answer.headers["access-control-allow-origin"]).toBe(origin);
      expect(exposed(answer)).toContain("www-authenticate");
    }
  });

  it("allows 127.0.0.1 and [::1] on any port, and the mock's own origin", async () => {
    for (const other of ["http://127.0.0.1:1234", "http://[::1]:9", new URL(mock.url).origin]) {
      const answer = await send(mock.url, "GET", KEYS, { Origin: other });
      expect(answer.headers["access-control-allow-origin"]).toBe(other);
    }
  });

  it("gives another origin no CORS header, on preflights and answers", async () => {
    const preflight = await send(mock.url, "OPTIONS", KEYS, {
      Origin: "https://elsewhere.example",
      "Access-Control-Request-Method": "POST",
    });
    expect(preflight.status).toBe(204);
    const answer = await send(mock.url, "GET", KEYS, { Origin: "https://elsewhere.example" });
    for (const a of [preflight, answer]) {
      expect(a.headers["access-control-allow-origin"]).toBeUndefined();
      expect(a.headers["access-control-allow-methods"]).toBeUndefined();
    }
  });

  it("leaves an OPTIONS that is no preflight to the API (401 without credentials)", async () => {
    const answer = await send(mock.url, "OPTIONS", KEYS, { Origin: origin });
    expect(answer.status).toBe(401);
  });
});

describe("--allowed-origins and --docs-page", () => {
  let mock: RunningMock;
  let folder: string;
  const page = "<!doctype html><title>reference</title>";
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "mock-cors-"));
    writeFileSync(join(folder, "index.html"), page);
    const command = parseCliOptions(
      ["--allowed-origins", "https://docs.example.com, null", "--docs-page", join(folder, "index.html")],
      {},
    );
    if (command.help) throw new Error("unexpected --help");
    mock = await startMock({ ...command.options, port: 0, specPath: bundlePath });
  });
  afterAll(async () => {
    await mock?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("allows exactly the origins listed (null for a page opened from disk)", async () => {
    for (const [origin, allowed] of [
      ["https://docs.example.com", true],
      ["null", true],
      ["http://localhost:8080", false],
    ] as const) {
      const answer = await send(mock.url, "GET", KEYS, { Origin: origin });
      expect(answer.headers["access-control-allow-origin"]).toBe(allowed ? origin : undefined);
    }
  });

  it("serves the page at / and /docs, and the API beside it", async () => {
    for (const path of ["/", "/docs", "/?x=1"]) {
      const answer = await send(mock.url, "GET", path);
      expect(answer.status).toBe(200);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.body).toBe(page);
    }
    expect((await send(mock.url, "GET", KEYS)).status).toBe(401);
  });

  it("offers the page the mock's credentials only while they are its published defaults", async () => {
    const file = join(folder, "body.html");
    writeFileSync(file, "<!doctype html><body><p>reference</p></body>");
    const element = /<script type="application\/json" id="atlas-mock-credentials">(.*?)<\/script>/;
    const withDefaults = await startMock({ port: 0, specPath: bundlePath, docsPage: file });
    const custom = await startMock({
      port: 0,
      specPath: bundlePath,
      docsPage: file,
      privateKey: PRIVATE_KEY,
    });
    try {
      const offered = element.exec((await send(withDefaults.url, "GET", "/")).body)?.[1];
      expect(JSON.parse(offered ?? "null")).toEqual({
        publicKey: DEFAULT_PUBLIC_KEY,
        privateKey: DEFAULT_PRIVATE_KEY,
        clientId: DEFAULT_CLIENT_ID,
        clientSecret: DEFAULT_CLIENT_SECRET,
      });
      const page = (await send(custom.url, "GET", "/")).body;
      expect(page).toBe("<!doctype html><body><p>reference</p></body>");
      expect(page).not.toContain(PRIVATE_KEY);
    } finally {
      await withDefaults.close();
      await custom.close();
    }
  });

  it("refuses an entry that is no origin, as a usage error", () => {
    expect(() => parseCliOptions(["--allowed-origins", "https://x.example/path"], {})).toThrow(
      /--allowed-origins: Invalid allowed origin/,
    );
  });

  it("fails to start, naming the fix, when the page is missing", async () => {
    await expect(
      startMock({ port: 0, specPath: bundlePath, docsPage: join(folder, "none.html") }),
    ).rejects.toThrow(/npm run docs/);
  });
});
