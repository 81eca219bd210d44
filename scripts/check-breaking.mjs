#!/usr/bin/env node
// The breaking-change gate (`npm run check-breaking`, part of `npm test`): `redocly diff` (the
// pinned Redocly CLI) compares the spec with the last released one. A breaking change (a removed
// operation, a narrowed constraint, a new required field, a removed response field, a changed
// type: what Redocly rates `major`) fails unless the client package's major version is raised (its
// minor while below 1.0) and the client's CHANGELOG.md has an entry for that version naming every
// operation the change touches (`METHOD /path`).
//
//   node scripts/check-breaking.mjs [--base <dir|git ref>] [--revision <dir>]
//
// The base is, in order: --base (a folder holding spec/src/ and packages/client/package.json, or
// a git ref); the newest release tag (`client-v*`, else `v*`); the merge base of HEAD with `main`
// (or `origin/main`) on a branch; on main itself, the commit that last changed the client's
// `version` (the last release, when releases are not tagged). The revision is the working tree
// (or --revision <dir>).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({
  options: { base: { type: "string" }, revision: { type: "string" } },
});
const revisionRoot = resolve(values.revision ?? root);
const redocly = createRequire(join(root, "spec", "package.json")).resolve("@redocly/cli/bin/cli.js");
const say = (line) => console.log(`check-breaking: ${line}`);

function git(...args) {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The newest commit that changed the `version` of packages/client/package.json, if any. */
function lastVersionChange() {
  const log = git("log", "-1", "--format=%H", "-G", '"version"', "--", "packages/client/package.json");
  return log === "" ? undefined : log;
}

/** The base as a folder, and what it is, or undefined when there is nothing to compare with. */
function baseFolder() {
  if (values.base !== undefined && existsSync(values.base)) {
    return { dir: resolve(values.base), what: `folder ${values.base}` };
  }
  let ref = values.base;
  let what = ref === undefined ? undefined : `git ref ${ref}`;
  if (ref === undefined) {
    const tag =
      git("describe", "--tags", "--abbrev=0", "--match", "client-v*") ??
      git("describe", "--tags", "--abbrev=0", "--match", "v*");
    if (tag) {
      ref = tag;
      what = `release tag ${tag}`;
    } else {
      const main = ["main", "origin/main"].find((name) => git("rev-parse", "--verify", "--quiet", name));
      const mergeBase = main && git("merge-base", "HEAD", main);
      if (!mergeBase) {
        say("no release tag and no main branch: nothing to compare.");
        return undefined;
      }
      const release = lastVersionChange();
      if (mergeBase === git("rev-parse", "HEAD") && values.revision === undefined && release) {
        // On main with no tag, the last release is the commit that last set the client's version.
        ref = release;
        what = `the commit that last set the client's version (${release.slice(0, 12)}; no release tag)`;
      } else {
        ref = mergeBase;
        what = `merge base with ${main} (${mergeBase.slice(0, 12)}; no release tag)`;
      }
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "atlas-check-breaking-"));
  const archive = spawnSync("git", ["archive", ref, "spec/src", "packages/client/package.json"], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
  const untar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  return { dir, what, temporary: true };
}

function version(dir) {
  const file = join(dir, "packages", "client", "package.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).version : "0.0.0";
}

const parse = (v) => v.split(/[.+-]/).slice(0, 3).map(Number);

/** Whether `next` raises the major version of `previous` (its minor while below 1.0). */
function raisesMajor(previous, next) {
  const [pMajor, pMinor] = parse(previous);
  const [nMajor, nMinor] = parse(next);
  if (nMajor !== pMajor) return nMajor > pMajor;
  return pMajor === 0 && nMinor > pMinor;
}

/** The text of the changelog section `## <version>` (or `## [<version>]`), or undefined. */
function changelogEntry(dir, wanted) {
  const file = join(dir, "packages", "client", "CHANGELOG.md");
  if (!existsSync(file)) return undefined;
  const sections = readFileSync(file, "utf8").split(/^## /m).slice(1);
  return sections.find((section) => {
    const heading = section.split("\n")[0] ?? "";
    return heading.replace(/^\[/, "").startsWith(wanted) && /^\[?[^\s\]]+\]?(\s|$)/.test(heading);
  });
}

/** `#/paths/~1orgs~1{orgId}~1apiKeys/post/…` -> `POST /orgs/{orgId}/apiKeys` */
function operationOf(pointer) {
  const match = /^#\/paths\/([^/]+)(?:\/(get|put|post|delete|patch|head|options|trace))?/.exec(pointer);
  if (!match) return undefined;
  const path = match[1].replaceAll("~1", "/").replaceAll("~0", "~");
  return match[2] ? `${match[2].toUpperCase()} ${path}` : path;
}

const base = baseFolder();
if (base === undefined) process.exit(0);
try {
  const result = spawnSync(
    process.execPath,
    [
      redocly,
      "diff",
      join(base.dir, "spec", "src", "openapi.yaml"),
      join(revisionRoot, "spec", "src", "openapi.yaml"),
      "--format",
      "json",
    ],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  let report;
  try {
    report = JSON.parse(result.stdout.slice(result.stdout.indexOf("{")));
  } catch {
    throw new Error(
      `redocly diff gave no report (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  const { major = 0, minor = 0, patch = 0 } = report.summary ?? {};
  say(
    `spec compared with ${base.what}: ${major} breaking, ${minor} compatible, ${patch} patch-level changes.`,
  );
  if (major === 0) process.exit(0);

  const breaking = report.changes.filter((change) => change.impact === "major");
  const operations = [...new Set(breaking.map((c) => operationOf(c.path)).filter(Boolean))];
  for (const change of breaking) {
    for (const verdict of change.verdicts.filter((v) => v.impact === "major")) {
      // Redocly quotes whole values (a long pattern runs to kilobytes): the start says what changed.
      const message = verdict.message.length > 300 ? `${verdict.message.slice(0, 300)}…` : verdict.message;
      say(`  breaking: ${operationOf(change.path) ?? change.path}: ${message} (${verdict.ruleId})`);
    }
  }
  const before = version(base.dir);
  const now = version(revisionRoot);
  const problems = [];
  if (!raisesMajor(before, now)) {
    problems.push(
      `@atlas-admin/client is ${now}, released ${before}: a breaking change needs its major version raised (its minor while below 1.0).`,
    );
  }
  const entry = changelogEntry(revisionRoot, now);
  if (entry === undefined) {
    problems.push(`packages/client/CHANGELOG.md has no "## ${now}" entry describing the breaking change.`);
  } else {
    const missing = operations.filter((operation) => !entry.includes(operation));
    if (missing.length > 0)
      problems.push(`The CHANGELOG.md entry for ${now} does not name: ${missing.join(", ")}.`);
  }
  if (problems.length === 0) {
    say(`breaking changes released as ${now} (was ${before}) with a changelog entry: allowed.`);
    process.exit(0);
  }
  for (const problem of problems) say(problem);
  process.exit(1);
} finally {
  if (base.temporary) rmSync(base.dir, { recursive: true, force: true });
}
