#!/usr/bin/env node
// Runs a pnpm command on a machine that may have only Node and npm: installs the pinned pnpm
// (and, with `--node 24`, a Node 24 binary from the npm registry) under .tools/, installs the
// workspace from the lockfile, then runs `pnpm <args>`. Every root package.json script goes
// through here, so `npm start` / `npm test` work on a fresh clone.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tools = join(root, ".tools");
const NODE_24 = "24.21.0";

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, "");

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function output(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function npmInstallTool(folder, spec) {
  console.error(`[with-pnpm] installing ${spec} into .tools/${folder}`);
  const status = run("npm", [
    "install",
    "--prefix",
    join(tools, folder),
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    "--engine-strict=false",
    spec,
  ]);
  if (status !== 0) {
    console.error(`[with-pnpm] could not install ${spec} from the npm registry (npm exited ${status}).`);
    process.exit(status);
  }
}

let args = process.argv.slice(2);
const pathEntries = [];

if (args[0] === "--node") {
  const major = args[1];
  args = args.slice(2);
  if (major !== "24") {
    console.error(`[with-pnpm] only --node 24 is supported (got ${major}).`);
    process.exit(2);
  }
  const nodeBin = join(tools, "node24", "node_modules", ".bin");
  if (output(join(nodeBin, "node"), ["--version"]) !== `v${NODE_24}`) {
    npmInstallTool("node24", `node@${NODE_24}`);
  }
  pathEntries.push(nodeBin);
}

const localPnpmBin = join(tools, "pnpm", "node_modules", ".bin");
if (output("pnpm", ["--version"]) !== pnpmVersion) {
  if (output(join(localPnpmBin, "pnpm"), ["--version"]) !== pnpmVersion) {
    npmInstallTool("pnpm", `pnpm@${pnpmVersion}`);
  }
  pathEntries.push(localPnpmBin);
}

const env = {
  ...process.env,
  PATH: [...pathEntries, process.env.PATH].join(delimiter),
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
};
env.ATLAS_TOOLKIT_NODE = output("node", ["--version"], env) ?? process.version;
console.error(`[with-pnpm] pnpm ${pnpmVersion} on Node ${env.ATLAS_TOOLKIT_NODE}`);

const installed = existsSync(join(root, "node_modules", ".modules.yaml"));
const installStatus = run(
  "pnpm",
  ["install", "--frozen-lockfile", installed ? "--reporter=silent" : "--reporter=append-only"],
  env,
);
if (installStatus !== 0) {
  console.error("[with-pnpm] `pnpm install --frozen-lockfile` failed; if package.json changed, run `pnpm install` and commit pnpm-lock.yaml.");
  process.exit(installStatus);
}

if (args.length > 0) process.exit(run("pnpm", args, env));
