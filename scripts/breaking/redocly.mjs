// The pinned Redocly CLI, run as a child process: bundling specs and `redocly diff`.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const cli = createRequire(join(root, "spec", "package.json")).resolve("@redocly/cli/bin/cli.js");
/** The longest one Redocly run may take, in milliseconds. */
export const REDOCLY_TIMEOUT_MS = 120_000;

/** Runs the Redocly CLI with `args`; resolves `{ status, stdout, stderr }` (never rejects on a non-zero exit). */
function redocly(args) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        timeout: REDOCLY_TIMEOUT_MS,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ status, stdout, stderr, killed: error?.killed === true });
      },
    );
  });
}

/**
 * Bundles each entry file (an OpenAPI document, multi-file or not) into one JSON document with
 * local references only, in one Redocly run, and returns the parsed documents in order.
 * @param {string[]} entries absolute paths of `openapi.yaml` files
 * @returns {Promise<object[]>}
 * @throws Error naming the entry and Redocly's output when a bundle cannot be made.
 */
export async function bundle(entries) {
  const dir = mkdtempSync(join(tmpdir(), "atlas-breaking-bundle-"));
  try {
    const outputs = entries.map((_, i) => join(dir, `api-${i}.json`));
    const apis = entries
      .map(
        (entry, i) =>
          `  api-${i}:\n    root: ${JSON.stringify(entry)}\n    output: ${JSON.stringify(outputs[i])}\n`,
      )
      .join("");
    writeFileSync(join(dir, "redocly.yaml"), `apis:\n${apis}`);
    const result = await redocly(["bundle", "--config", join(dir, "redocly.yaml"), "--lint-config", "off"]);
    return entries.map((entry, i) => {
      if (result.status !== 0 || !existsSync(outputs[i])) {
        throw new Error(
          `redocly bundle of ${entry} failed (exit ${result.status}${result.killed ? ", timed out" : ""}):\n${result.stdout}${result.stderr}`,
        );
      }
      return JSON.parse(readFileSync(outputs[i], "utf8"));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `redocly diff <base> <revision> --format json`: Redocly's report (`summary`, and `changes`,
 * each with a JSON-pointer `path` and `verdicts` of `{ impact, ruleId, message }`).
 * @throws Error with Redocly's output when it gives no report.
 */
export async function redoclyDiff(baseEntry, revisionEntry) {
  const result = await redocly(["diff", baseEntry, revisionEntry, "--format", "json", "--fail-on", "none"]);
  try {
    return JSON.parse(result.stdout.slice(result.stdout.indexOf("{")));
  } catch {
    throw new Error(
      `redocly diff gave no report (exit ${result.status}${result.killed ? ", timed out" : ""}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** `#/paths/~1orgs~1{orgId}~1apiKeys/post/…` -> `POST /orgs/{orgId}/apiKeys`; a path alone for path-level changes. */
export function operationOf(pointer) {
  const match = /^#\/paths\/([^/]+)(?:\/(get|put|post|delete|patch|head|options|trace))?/.exec(pointer);
  if (!match) return undefined;
  const path = match[1].replaceAll("~1", "/").replaceAll("~0", "~");
  return match[2] ? `${match[2].toUpperCase()} ${path}` : path;
}
