// The contract suites across the release: the base's suite (and client) against this revision's
// mock, and this revision's suite against the base's mock. The base is extracted from git into
// `.cache/breaking/base-<commit>/`, installed with the pinned pnpm (from its store first) and built
// once per commit; a revision whose inputs did not change since a passing run reuses that result.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** The longest the base's install and build may take, in milliseconds. */
export const PREPARE_TIMEOUT_MS = 15 * 60_000;
/** The longest one suite run may take, in milliseconds. */
export const SUITE_TIMEOUT_MS = 15 * 60_000;
/** The longest a mock may take to say where it listens, in milliseconds. */
export const MOCK_START_TIMEOUT_MS = 60_000;
/** Property-based runs per operation and their time budget in the gate (the suite's own defaults are 500 and 60 s). */
export const GATE_PROPERTY_RUNS = "50";
export const GATE_PROPERTY_BUDGET_S = "20";
/** The credentials the gate gives both mocks; neither is a default of the mock. */
const PUBLIC_KEY = "gatepublic";
const PRIVATE_KEY = "3f0c2b7e-9d41-4a6b-8e25-7c1d0f9a6b34";

const OPERATION = /\b(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) (\/[^\s:,)]*)/;

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-30).join("\n");
    throw new Error(
      `${command} ${args.join(" ")} failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ""}):\n${output}`,
    );
  }
  return result.stdout;
}

/** The contract-suite test files that talk to the target they are given (not their own mock, not a packed tarball). */
function targetTestFiles(checkout) {
  const dir = join(checkout, "packages", "contract-tests", "test");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".test.ts"))
    .filter((name) => {
      const text = readFileSync(join(dir, name), "utf8");
      return text.includes("contractTarget()") && !/\b(pnpm|npm) pack\b/.test(text);
    })
    .map((name) => `test/${name}`);
}

/** Whether a checkout's contract suite can be pointed at a server it did not start. */
function targetsExternalUrl(checkout) {
  const dir = join(checkout, "packages", "contract-tests", "test");
  if (!existsSync(dir)) return false;
  const files = readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith(".ts"));
  return files.some((name) =>
    readFileSync(join(dir, String(name)), "utf8").includes("ATLAS_CONTRACT_BASE_URL"),
  );
}

/** A hash of what the cross-suite verdict depends on in the revision: spec/, packages/ and the gate as they are now. */
function revisionKey(root, baseCommit) {
  const listed = run(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "spec", "packages", "scripts/breaking"],
    {
      cwd: root,
    },
  );
  const hash = createHash("sha256").update(baseCommit);
  for (const file of listed.split("\n").filter(Boolean).sort()) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    hash.update(file).update("\0").update(readFileSync(path)).update("\0");
  }
  return hash.digest("hex").slice(0, 32);
}

/** Extracts, installs and builds the base once per commit; returns its folder and whether it was cached. */
function prepareBase(root, commit, pnpm, say) {
  const dir = join(root, ".cache", "breaking", `base-${commit}`);
  const ready = join(dir, ".gate-ready");
  if (existsSync(ready)) return { dir, cached: true };
  const started = Date.now();
  say(`preparing the base ${commit.slice(0, 12)} in ${dir} (once per commit)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync("git", ["archive", commit], { cwd: root, maxBuffer: 1024 * 1024 * 1024 });
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`);
  run("tar", ["-x", "-C", dir], { input: archive.stdout });
  if (!targetsExternalUrl(dir)) return { dir, cached: false, unable: true };
  const options = { cwd: dir, timeout: PREPARE_TIMEOUT_MS, env: { ...process.env, CI: "true" } };
  run(
    pnpm,
    ["install", "--frozen-lockfile", "--prefer-offline", "--config.manage-package-manager-versions=false"],
    options,
  );
  run(pnpm, ["--filter", "@atlas-admin/spec", "run", "bundle"], options);
  run(pnpm, ["-r", "--filter", "@atlas-admin/contract-tests^...", "--if-present", "run", "build"], options);
  writeFileSync(ready, `${JSON.stringify({ commit, seconds: (Date.now() - started) / 1000 })}\n`);
  return { dir, cached: false };
}

/** Starts a checkout's mock on a free port; resolves `{ url, stop }`. */
function startMock(checkout) {
  const cli = join(checkout, "packages", "mock", "dist", "cli.js");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the mock first (npm run build).`);
  const child = spawn(
    process.execPath,
    [
      cli,
      "--port",
      "0",
      "--public-key",
      PUBLIC_KEY,
      "--private-key",
      PRIVATE_KEY,
      // The suites send thousands of requests to one organization and mint a token per file, as
      // they do against the mock they start themselves; the limits are compared as spec data.
      "--rate-limits",
      "off",
      "--token-rate-limit",
      "100000",
      "--max-active-tokens",
      "100000",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(`the mock of ${checkout} did not start within ${MOCK_START_TIMEOUT_MS} ms:\n${output}`),
      );
    }, MOCK_START_TIMEOUT_MS);
    const read = (chunk) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop });
      }
    };
    child.stdout.setEncoding("utf8").on("data", read);
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock of ${checkout} exited (${code}):\n${output}`));
    });
  });
}

/**
 * Runs a checkout's contract suite (its target files) against `url`; resolves its failed tests,
 * and as `broken` the files that could not run at all (a suite that does not load says nothing
 * about the mock).
 */
function runSuite(checkout, url, orgId, pnpm, reportDir) {
  const results = join(reportDir, "test-results.json");
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const files = targetTestFiles(checkout);
  const env = {
    ...process.env,
    ATLAS_CONTRACT_BASE_URL: url,
    ATLAS_CONTRACT_PUBLIC_KEY: PUBLIC_KEY,
    ATLAS_CONTRACT_PRIVATE_KEY: PRIVATE_KEY,
    ATLAS_CONTRACT_ORG_ID: orgId,
    ATLAS_CONTRACT_CLIENT_ID: "mdb_sa_id_000000000000000000000000",
    ATLAS_CONTRACT_CLIENT_SECRET: "mdb_sa_sk_00000000000000000000000000000000",
    ATLAS_CONTRACT_PRISM: "true",
    ATLAS_CONTRACT_RUNS: GATE_PROPERTY_RUNS,
    ATLAS_CONTRACT_BUDGET_S: GATE_PROPERTY_BUDGET_S,
    // A suite that budgets its calls by the spec's rate limits need not wait: both mocks run without them.
    ATLAS_CONTRACT_RATE_SCALE: "1000",
    ATLAS_TEST_RESULTS: results,
    ATLAS_CONTRACT_ARTIFACTS: reportDir,
  };
  delete env.ATLAS_SPEC_BUNDLE;
  return new Promise((resolve) => {
    const child = spawn(pnpm, ["exec", "vitest", "run", ...files], {
      cwd: join(checkout, "packages", "contract-tests"),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk) => {
      output = (output + chunk).slice(-20_000);
    };
    child.stdout.setEncoding("utf8").on("data", keep);
    child.stderr.setEncoding("utf8").on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), SUITE_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!existsSync(results)) {
        resolve({
          files,
          passed: 0,
          failed: [],
          broken: [`the suite did not run (exit ${code}): ${output.slice(-2000)}`],
        });
        return;
      }
      const report = JSON.parse(readFileSync(results, "utf8"));
      const failed = [];
      const broken = [];
      for (const file of report.testResults ?? []) {
        const tests = file.assertionResults ?? [];
        if (file.status === "failed" && tests.every((t) => t.status !== "failed")) {
          const name = relative(checkout, file.name);
          broken.push(`${name}: ${String(file.message ?? "failed to load").split("\n")[0]}`);
        }
        for (const test of tests.filter((t) => t.status === "failed")) failed.push({ name: test.fullName });
      }
      resolve({ files, passed: report.numPassedTests ?? 0, failed, broken });
    });
  });
}

/**
 * Runs the base's contract suite against this revision's mock and this revision's suite against
 * the base's mock.
 * @param {{ root: string, baseCommit: string, orgId: string, say: (line: string) => void }} options
 * @returns {Promise<{ ran: false, reason: string } | { ran: true, cached: boolean, seconds: number,
 *   forward: { passed: number, failed: { name: string, operation?: string }[], broken: string[] },
 *   reverse: { passed: number, failed: { name: string, operation?: string }[], broken: string[] } }>}
 */
export async function crossSuites({ root, baseCommit, orgId, say }) {
  const started = Date.now();
  const pnpm = "pnpm";
  if (spawnSync(pnpm, ["--version"], { encoding: "utf8" }).status !== 0) {
    return { ran: false, reason: "pnpm is not on PATH (run it through npm run check-breaking or npm test)" };
  }
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).stdout?.trim();
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "spec", "packages"], {
    cwd: root,
    encoding: "utf8",
  });
  if (head === baseCommit && dirty.status === 0 && dirty.stdout.trim() === "") {
    return { ran: false, reason: "the base is this commit, unchanged (nothing to run across)" };
  }
  const key = revisionKey(root, baseCommit);
  const memo = join(root, ".cache", "breaking", `passed-${key}.json`);
  if (existsSync(memo)) {
    return {
      ...JSON.parse(readFileSync(memo, "utf8")),
      cached: true,
      seconds: (Date.now() - started) / 1000,
    };
  }
  const base = prepareBase(root, baseCommit, pnpm, say);
  if (base.unable) {
    return {
      ran: false,
      reason: `the base's contract suite (${baseCommit.slice(0, 12)}) cannot target an external URL`,
    };
  }
  const [here, there] = await Promise.all([startMock(root), startMock(base.dir)]);
  try {
    const reports = join(root, ".cache", "breaking", "reports");
    const forward = await runSuite(base.dir, here.url, orgId, pnpm, join(reports, "base-suite-on-this-mock"));
    const reverse = await runSuite(root, there.url, orgId, pnpm, join(reports, "this-suite-on-base-mock"));
    for (const failure of [...forward.failed, ...reverse.failed]) {
      const match = OPERATION.exec(failure.name);
      if (match) failure.operation = `${match[1]} ${match[2]}`;
    }
    const result = { ran: true, baseCached: base.cached, forward, reverse };
    if ([forward, reverse].every((run) => run.failed.length === 0 && run.broken.length === 0)) {
      writeFileSync(memo, `${JSON.stringify(result)}\n`);
    }
    return { ...result, cached: false, seconds: (Date.now() - started) / 1000 };
  } finally {
    await Promise.all([here.stop(), there.stop()]);
  }
}
