#!/usr/bin/env node
// The contract suite as a user runs it against a server it did not start: the mock's command
// started as a separate process on its default settings (Atlas's rate and token limits on) with
// a key pair and a service account of its own, the suite's target section (both projects) run
// against it, then again through the validating proxy in front of it, whose report must name no
// violation of a response (the suite's deliberately broken requests are request findings).
// Each run's seconds and the time its calls waited for the rate budget are printed. Every
// process started here is stopped, whatever happens.
//
// Usage: node scripts/run-against-mock.mjs   (after the mock is built)
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const mockCli = join(dirname(require.resolve("@atlas-admin/mock/package.json")), "dist", "cli.js");
const vitest = join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");
const artifacts = join(here, "artifacts", "runs");

// Not the mock's defaults: nothing in the suite may lean on them.
const credentials = {
  publicKey: "ctrunpub",
  privateKey: "3f2e1d0c-9b8a-4765-8432-10fedcba9876",
  clientId: "mdb_sa_id_4a4a4a4a4a4a4a4a4a4a4a4a",
  clientSecret: "mdb_sa_sk_7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b",
};
/** Each run its own organization: Atlas's budget is per organization, so the second run starts full. */
const RUNS = [
  { name: "mock", orgId: "6a1b2c3d4e5f60718293a4b5", proxy: false },
  { name: "proxy", orgId: "6a1b2c3d4e5f60718293a4b6", proxy: true },
];
/** How long a server may take to say it listens. */
const START_TIMEOUT_MS = 60_000;

const children = new Set();
function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  }
}
process.on("exit", stopAll);
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });

/** Starts the mock's command in its own process group; resolves with its URL and a stop function. */
function startServer(args, label, env = {}) {
  const child = spawn(process.execPath, [mockCli, ...args], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let output = "";
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} did not start in ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}:\n${output}`));
    });
  });
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await exited;
    children.delete(child);
  };
  return { url, stop, output: () => output };
}

function runSuite(run, baseUrl) {
  const dir = join(artifacts, run.name);
  const env = {
    ...process.env,
    ATLAS_CONTRACT_BASE_URL: `${baseUrl}/api/atlas/v1.0`,
    ATLAS_CONTRACT_PUBLIC_KEY: credentials.publicKey,
    ATLAS_CONTRACT_PRIVATE_KEY: credentials.privateKey,
    ATLAS_CONTRACT_CLIENT_ID: credentials.clientId,
    ATLAS_CONTRACT_CLIENT_SECRET: credentials.clientSecret,
    ATLAS_CONTRACT_ORG_ID: run.orgId,
    ATLAS_CONTRACT_PRISM: "true",
    ATLAS_CONTRACT_ARTIFACTS: dir,
    ATLAS_TEST_RESULTS: join(dir, "test-results.json"),
  };
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, "run"], { cwd: here, env, stdio: "inherit" });
    child.once("exit", (code) => resolve({ code: code ?? 1, seconds: (Date.now() - started) / 1000, dir }));
  });
}

/** The proxy's report: its closing summary, and the exchanges whose response broke the spec. */
function readReport(report) {
  if (!existsSync(report)) return { summary: undefined, violations: [`no report at ${report}`] };
  let summary;
  const violations = [];
  for (const line of readFileSync(report, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line);
    if (entry.summary) summary = entry.summary;
    for (const violation of entry.violations ?? [])
      if (String(violation.location).startsWith("response"))
        violations.push(
          `${entry.method} ${entry.path} -> ${entry.status}: ${violation.pointer} ${violation.rule}`,
        );
  }
  return { summary, violations };
}

rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
// The secrets through the environment: a command line is readable by other processes.
const mock = startServer(
  ["--port", "0", "--public-key", credentials.publicKey, "--client-id", credentials.clientId],
  "the mock",
  { ATLAS_MOCK_PRIVATE_KEY: credentials.privateKey, ATLAS_MOCK_CLIENT_SECRET: credentials.clientSecret },
);
let failed = false;
const lines = [];
try {
  const mockUrl = await mock.url;
  for (const run of RUNS) {
    let baseUrl = mockUrl;
    let proxy;
    const report = join(artifacts, `${run.name}-findings.jsonl`);
    if (run.proxy) {
      proxy = startServer(["--proxy", "--upstream", mockUrl, "--port", "0", "--report", report], "the proxy");
      baseUrl = await proxy.url;
    }
    console.log(
      `[contract] the suite against the ${run.name === "proxy" ? "validating proxy in front of the mock" : "mock's command"} at ${baseUrl}`,
    );
    const result = await runSuite(run, baseUrl);
    await proxy?.stop();
    const budget = existsSync(join(result.dir, "run.json"))
      ? JSON.parse(readFileSync(join(result.dir, "run.json"), "utf8"))
      : undefined;
    lines.push(
      `[contract] run against the ${run.name}: ${result.seconds.toFixed(1)} s, exit ${result.code}${budget ? `; waited for the rate budget ${(budget.waitedMs / 1000).toFixed(1)} s over ${budget.calls} calls (longest wait ${(budget.longestWaitMs / 1000).toFixed(1)} s)` : ""}`,
    );
    if (result.code !== 0) failed = true;
    if (run.proxy) {
      const { summary, violations } = readReport(report);
      lines.push(
        `[contract] proxy report ${report}: ${summary ? `${summary.exchanges} exchanges, ${summary.responseFindings} response findings, ${summary.requestFindings} request findings, ${summary.deliberateRequestFindings} deliberate request findings` : "no summary line"}`,
      );
      for (const v of violations.slice(0, 20)) lines.push(`  ${v}`);
      if (summary === undefined || summary.responseFindings > 0 || violations.length > 0) failed = true;
    }
  }
} catch (error) {
  console.error(String(error?.stack ?? error));
  failed = true;
} finally {
  await mock.stop();
}
for (const line of lines) console.log(line);
process.exit(failed ? 1 : 0);
