/**
 * The validating proxy's report and its transparency, each against a real upstream server: a
 * summary that counts deliberate request findings apart (and the marking header is not forwarded),
 * findings per exchange capped with a count of the rest (a page of 130,000 bad items passed on
 * unchanged), a report file that fails without changing the answer, a clear 502 for an upstream
 * that is not HTTP or answers a status that is not final, and a relative `--report` path taken
 * from `ATLAS_MOCK_CWD` (the root's `npm run proxy`), else the current directory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";
import { parseCliOptions, UsageError } from "../src/options.js";
import { MAX_FINDINGS_PER_EXCHANGE, MAX_REPORT_LINE_BYTES } from "../src/pipeline/findings-report.js";
import { API_KEYS_TEMPLATE, responseExample } from "./helpers/spec-examples.js";

const ORG = "5980cfc70b6d12029d82e3f6";
const KEYS = `/orgs/${ORG}/apiKeys`;
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const running: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const server of running.reverse()) await server.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** An HTTP upstream; `seen` holds the headers of every request it received. */
async function httpUpstream(
  answer: (headers: IncomingHttpHeaders) => [number, string, string | Buffer],
): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on("end", () => {
      const [status, type, body] = answer(req.headers);
      res.writeHead(status, { "Content-Type": type }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  running.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A TCP upstream that answers any request's first bytes with `bytes`, then leaves the socket open. */
async function rawUpstream(bytes: string): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("data", () => socket.write(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  running.push({
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function proxy(upstream: string, options: { summaryIntervalSeconds?: number } = {}) {
  const report = join(mkdtempSync(join(tmpdir(), "atlas-proxy-report-")), "findings.jsonl");
  const started: RunningMock = await startMock({ port: 0, upstream, report, ...options });
  running.push(started);
  const lines = () =>
    readFileSync(report, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, any>);
  return { url: started.url, report, lines, close: () => started.close() };
}

/** One exchange, the answer as bytes; a reset or an unparsable answer rejects. */
function exchange(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Collects what the process writes to stdout or stderr, still writing it. */
function capture(stream: NodeJS.WriteStream): () => string[] {
  const written: string[] = [];
  const write = stream.write.bind(stream);
  vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof stream.write);
  return () => written.join("").split("\n").filter(Boolean);
}

const SUMMARY =
  /^proxy summary: (\d+) exchanges, (\d+) response findings, (\d+) request findings, (\d+) deliberate request findings$/;
const valid = responseExample(API_KEYS_TEMPLATE, 200) as Record<string, unknown>;
const json = "application/json";
const validBody = JSON.stringify({ desc: "k", roles: ["ORG_MEMBER"] });
const brokenBody = JSON.stringify({ desc: "k", roles: ["ORG_NOPE"] });

describe("the summary", () => {
  it("counts exchanges and findings, deliberate request findings apart, every interval and on close", async () => {
    const upstream = await httpUpstream((headers) =>
      headers["x-case"] === "bad-answer"
        ? [200, json, JSON.stringify({ ...valid, id: "not-hex" })]
        : [200, json, JSON.stringify(valid)],
    );
    const through = await proxy(upstream.url, { summaryIntervalSeconds: 1 });
    const stdout = capture(process.stdout);
    const post = (headers: Record<string, string>, body: string) =>
      exchange(through.url + KEYS, "POST", { "Content-Type": json, ...headers }, body);

    expect((await post({}, validBody)).status).toBe(200); // clean
    expect((await post({ "X-Case": "bad-answer" }, validBody)).status).toBe(200); // 1 response finding
    expect((await post({}, brokenBody)).status).toBe(200); // 1 request finding
    expect((await post({ "X-Atlas-Contract-Deliberate": "enum" }, brokenBody)).status).toBe(200);
    expect((await post({ "X-Atlas-Contract-Deliberate": "" }, brokenBody)).status).toBe(200); // empty: not deliberate

    // The marking header is not forwarded, whatever its value.
    expect(upstream.seen).toHaveLength(5);
    for (const headers of upstream.seen) expect(headers).not.toHaveProperty("x-atlas-contract-deliberate");

    // The periodic line, within a few intervals.
    for (let waited = 0; !stdout().some((line) => SUMMARY.test(line)) && waited < 10_000; waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stdout().filter((line) => SUMMARY.test(line))).toContain(
      "proxy summary: 5 exchanges, 1 response findings, 2 request findings, 1 deliberate request findings",
    );

    // The deliberate exchange is marked in the file and not printed on its own line.
    const lines = through.lines();
    expect(lines.map((line) => line.deliberate)).toEqual([false, false, true, false]);
    expect(lines[2]?.violations).toEqual([
      expect.objectContaining({ location: "request", rule: "enum", pointer: "/body/roles/0" }),
    ]);
    expect(stdout().filter((line) => line.startsWith("finding:"))).toHaveLength(3);

    await through.close();
    const last = stdout().at(-1);
    expect(last).toBe(
      "proxy summary: 5 exchanges, 1 response findings, 2 request findings, 1 deliberate request findings",
    );
    expect(through.lines().at(-1)).toMatchObject({
      summary: { exchanges: 5, responseFindings: 1, requestFindings: 2, deliberateRequestFindings: 1 },
    });
  });
});

describe("--summary-interval", () => {
  it("reads the flag or ATLAS_MOCK_SUMMARY_INTERVAL, and refuses what it cannot use", () => {
    const upstream = ["--upstream", "http://127.0.0.1:1"];
    expect(parseCliOptions([...upstream, "--summary-interval", "5"], {})).toMatchObject({
      options: { summaryIntervalSeconds: 5 },
    });
    expect(parseCliOptions(upstream, { ATLAS_MOCK_SUMMARY_INTERVAL: "0" })).toMatchObject({
      options: { summaryIntervalSeconds: 0 },
    });
    expect(() => parseCliOptions([...upstream, "--summary-interval", "1.5"], {})).toThrow(UsageError);
    expect(() => parseCliOptions(["--summary-interval", "5"], {})).toThrow(/needs --upstream/);
  });
});

describe("bounds of an exchange", () => {
  it("a page of 130,000 bad items: passed on unchanged, its findings capped with a count of the rest", async () => {
    const items = Array.from({ length: 130_000 }, (_, i) => ({ id: `bad-${i}`, desc: i }));
    const page = Buffer.from(JSON.stringify({ results: items, totalCount: items.length, links: [] }));
    const upstream = await httpUpstream(() => [200, json, page]);
    const through = await proxy(upstream.url);
    const answer = await exchange(through.url + KEYS, "GET", {});
    expect(answer.status).toBe(200);
    const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
    expect(digest(answer.body)).toBe(digest(page));

    const text = readFileSync(through.report, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_REPORT_LINE_BYTES);
    const [line] = through.lines();
    expect(line?.violations).toHaveLength(MAX_FINDINGS_PER_EXCHANGE);
    expect(line?.omitted).toBeGreaterThan(0);
    expect(line?.complete).toBe(false);
    expect(line?.violations[0]).toMatchObject({
      location: "response",
      pointer: expect.stringMatching(/^\/results\/0\//),
    });
  });

  it("a request with thousands of broken rules: the line stays within its byte bound", async () => {
    const upstream = await httpUpstream(() => [200, json, JSON.stringify(valid)]);
    const through = await proxy(upstream.url);
    const fitting = Array.from({ length: 5_000 }, (_, i) => `NOT_A_ROLE_${i}`);
    const judged = await exchange(
      through.url + KEYS,
      "POST",
      { "Content-Type": json },
      JSON.stringify({ desc: "k", roles: fitting }),
    );
    expect(judged.status).toBe(200);
    const [line] = through.lines();
    expect(Buffer.byteLength(`${JSON.stringify(line)}\n`)).toBeLessThanOrEqual(MAX_REPORT_LINE_BYTES);
    // The request's validation itself reads a bounded number of broken rules (mock-bounds.md):
    // the line names the first MAX_FINDINGS_PER_EXCHANGE of them.
    expect(line?.violations).toHaveLength(MAX_FINDINGS_PER_EXCHANGE);
  });
});

describe("a report that cannot be written", () => {
  it("changes no answer, and is said once", async () => {
    const upstream = await httpUpstream(() => [200, json, JSON.stringify({ ...valid, id: "not-hex" })]);
    const through = await proxy(upstream.url);
    const stderr = capture(process.stderr);
    rmSync(through.report);
    mkdirSync(through.report); // appending to a directory fails (EISDIR), whoever runs the test
    const direct = await exchange(upstream.url + KEYS, "POST", { "Content-Type": json }, validBody);
    for (let i = 0; i < 3; i++) {
      const proxied = await exchange(through.url + KEYS, "POST", { "Content-Type": json }, validBody);
      expect(proxied.status).toBe(direct.status);
      expect(proxied.body.equals(direct.body)).toBe(true);
    }
    const said = stderr().filter((line) => line.includes("cannot be written"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("EISDIR");
  });
});

describe("an upstream that does not answer in HTTP with a final status", () => {
  it.each([
    ["not HTTP", "SSH-2.0-OpenSSH_9.6\r\n", "upstream-not-http"],
    ["status 000", "HTTP/1.1 000 Zero\r\nContent-Length: 2\r\n\r\n{}", "upstream-bad-status"],
    ["status 099", "HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\n{}", "upstream-bad-status"],
    ["status 101 without Upgrade", "HTTP/1.1 101 Switching Protocols\r\n\r\n", "upstream-bad-status"],
    [
      "status 101 with Upgrade",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
      "upstream-bad-status",
    ],
    ["status 600", "HTTP/1.1 600 Beyond\r\nContent-Length: 2\r\n\r\n{}", "upstream-bad-status"],
  ])("%s: a 502 ApiError, and found", async (_, bytes, rule) => {
    const through = await proxy(await rawUpstream(bytes));
    const answer = await exchange(through.url + KEYS, "POST", { "Content-Type": json }, validBody);
    expect(answer.status).toBe(502);
    expect(answer.headers["content-type"]).toBe(json);
    expect(JSON.parse(answer.body.toString())).toMatchObject({
      error: 502,
      errorCode: "BAD_GATEWAY",
      detail: expect.stringMatching(/upstream/),
    });
    expect(through.lines()[0]?.violations).toContainEqual(
      expect.objectContaining({ location: "response", rule }),
    );
  });
});

describe("a relative --report path", () => {
  it("is taken from ATLAS_MOCK_CWD when set, else left to the current directory (not INIT_CWD)", () => {
    const report = (argv: string[], env: NodeJS.ProcessEnv) => {
      const command = parseCliOptions(["--upstream", "http://127.0.0.1:9", ...argv], env);
      return command.help ? undefined : command.options.report;
    };
    expect(report(["--report", "f.jsonl"], { ATLAS_MOCK_CWD: "/where/npm/ran" })).toBe(
      "/where/npm/ran/f.jsonl",
    );
    expect(report([], { ATLAS_MOCK_REPORT: "out/f.jsonl", ATLAS_MOCK_CWD: "/where/npm/ran" })).toBe(
      "/where/npm/ran/out/f.jsonl",
    );
    expect(report(["--report", "/abs/f.jsonl"], { ATLAS_MOCK_CWD: "/where/npm/ran" })).toBe("/abs/f.jsonl");
    expect(report(["--report", "f.jsonl"], { INIT_CWD: "/where/pnpm/ran" })).toBe("f.jsonl");
    expect(report(["--report", "f.jsonl"], { ATLAS_MOCK_CWD: "" })).toBe("f.jsonl");
  });

  /** Runs the CLI's proxy with `--report findings.jsonl` in `cwd`, makes one exchange with a finding, stops it. */
  async function runProxy(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
    const upstream = await httpUpstream(() => [200, json, JSON.stringify({ ...valid, id: "not-hex" })]);
    const child: ChildProcess = spawn(
      process.execPath,
      [CLI, "--proxy", "--upstream", upstream.url, "--port", "0", "--report", "findings.jsonl"],
      { cwd, env, stdio: "pipe" },
    );
    const exited = once(child, "exit");
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1] as string);
      });
      void exited.then(() => reject(new Error(`exited before listening:\n${output}`)));
    });
    expect((await exchange(url + KEYS, "POST", { "Content-Type": json }, validBody)).status).toBe(200);
    child.kill("SIGTERM");
    await exited;
    return output;
  }

  it("the CLI writes it in ATLAS_MOCK_CWD, and prints the summary on SIGTERM", {
    timeout: 60_000,
  }, async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
    const ranFrom = mkdtempSync(join(tmpdir(), "atlas-ran-from-"));
    const packageDir = fileURLToPath(new URL("..", import.meta.url));
    const output = await runProxy(packageDir, { ...process.env, ATLAS_MOCK_CWD: ranFrom });
    expect(existsSync(join(packageDir, "findings.jsonl"))).toBe(false);
    const lines = readFileSync(join(ranFrom, "findings.jsonl"), "utf8").split("\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1] as string)).toMatchObject({ summary: { exchanges: 1, responseFindings: 1 } });
    expect(output.trimEnd().split("\n").at(-1)).toBe(
      "proxy summary: 1 exchanges, 1 response findings, 0 request findings, 0 deliberate request findings",
    );
    rmSync(ranFrom, { recursive: true, force: true });
  });

  it("the CLI run directly writes it in its current directory, whatever INIT_CWD says", {
    timeout: 60_000,
  }, async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
    const cwd = mkdtempSync(join(tmpdir(), "atlas-cwd-"));
    const initCwd = mkdtempSync(join(tmpdir(), "atlas-init-cwd-"));
    const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: initCwd };
    delete env.ATLAS_MOCK_CWD;
    await runProxy(cwd, env);
    expect(existsSync(join(cwd, "findings.jsonl"))).toBe(true);
    expect(existsSync(join(initCwd, "findings.jsonl"))).toBe(false);
    for (const dir of [cwd, initCwd]) rmSync(dir, { recursive: true, force: true });
  });
});
