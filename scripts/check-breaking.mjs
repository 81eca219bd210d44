#!/usr/bin/env node
// The breaking-change gate (`npm run check-breaking`, part of `npm test`) compares the spec with
// the last released one in two ways (scripts/breaking/):
// - `redocly diff` (the pinned Redocly CLI) rates schema, parameter and operation changes; the
//   gate's equivalence check overrules its verdict on a rewrite of the same schema (a type list
//   written as `anyOf`, an equivalent `pattern`);
// - the behaviour diff compares what the spec promises beyond schemas, per operation: the rate
//   limit of its group (`x-atlas-rate-limit`: lower is breaking), its success status and whether
//   that has a body, the error codes documented per status (removed is breaking, added is
//   compatible), the role its description states, and the links of its success response.
// A breaking change (what either rates `major`) fails unless the client package's major version is
// raised (its minor while below 1.0) and the client's CHANGELOG.md has an entry for that version
// naming every operation the change touches (`METHOD /path`).
//
// When the base is a git commit (not a folder), the gate also runs the base's contract suite and
// client against this revision's mock, and this revision's suite against the base's mock
// (scripts/breaking/suites.mjs; `--no-suites` leaves them out): a failing test is breaking too.
//
//   node scripts/check-breaking.mjs [--base <dir|git ref>] [--revision <dir>] [--no-suites]
//
// The base is, in order: --base (a folder holding spec/src/ and packages/client/package.json, or
// a git ref); the newest release tag (`client-v*`, else `v*`); the merge base of HEAD with `main`
// (or `origin/main`) on a branch; on main itself, the commit that last changed the client's
// `version` (the last release, when releases are not tagged; a merge counts by its first parent).
// The revision is the working tree (or --revision <dir>).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { exampleParameters, operationName, specOperations } from "@atlas-admin/spec-kit";
import { counts, judge } from "./breaking/judge.mjs";
import { clientVersion, releaseProblems } from "./breaking/release.mjs";
import { crossSuites } from "./breaking/suites.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({
  options: {
    base: { type: "string" },
    revision: { type: "string" },
    "no-suites": { type: "boolean", default: false },
  },
});
const revisionRoot = resolve(values.revision ?? root);
const say = (line) => console.log(`check-breaking: ${line}`);
/** Failing tests listed per direction of the suites across the release; the rest are counted. */
const MAX_SUITE_LINES = 10;

function git(...args) {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The newest commit that changed the `version` of packages/client/package.json, if any. */
function lastVersionChange() {
  // A version set while merging (its first parent had another) counts: `-m --first-parent`.
  const log = git(
    "log",
    "-1",
    "-m",
    "--first-parent",
    "--format=%H",
    "-G",
    '"version"',
    "--",
    "packages/client/package.json",
  );
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
  const commit = git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
  const dir = mkdtempSync(join(tmpdir(), "atlas-check-breaking-"));
  const archive = spawnSync("git", ["archive", ref, "spec/src", "packages/client/package.json"], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
  const untar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  return { dir, what, temporary: true, commit };
}

/**
 * The contract suites across the release as findings: a test of the base's suite failing against
 * this mock is breaking; a test of this suite failing against the base's mock is breaking unless
 * it is about what this revision adds (an operation the base lacks, or one whose spec changes
 * are all compatible).
 */
async function suiteFindings(commit, baseSpec, revisionSpec, specFindings) {
  const orgId = specOperations(revisionSpec)
    .map((operation) => exampleParameters(operation).path.orgId)
    .find((value) => value !== undefined);
  const cross = await crossSuites({ root, baseCommit: commit, orgId: String(orgId), say });
  if (!cross.ran) {
    say(`last release's contract suite not run: ${cross.reason}.`);
    return { findings: [], broken: [] };
  }
  const how = cross.cached
    ? "inputs unchanged since a passing run"
    : cross.baseCached
      ? "base build cached"
      : "base installed and built";
  say(
    `contract suites across the release (${how}; ${cross.seconds.toFixed(1)} s): the base's suite against this mock: ${cross.forward.passed} passed, ${cross.forward.failed.length} failed, ${cross.forward.broken.length} files not run; this suite against the base's mock: ${cross.reverse.passed} passed, ${cross.reverse.failed.length} failed, ${cross.reverse.broken.length} files not run.`,
  );
  const inBase = new Set(specOperations(baseSpec).map(operationName));
  const impactOf = (operation) => {
    if (operation === undefined || !inBase.has(operation)) return operation === undefined ? "major" : "minor";
    const impacts = specFindings.filter((f) => f.operation === operation).map((f) => f.impact);
    return impacts.includes("major") || !impacts.includes("minor") ? "major" : "minor";
  };
  const broken = [
    ...cross.forward.broken.map((problem) => `the base's contract suite could not run: ${problem}`),
    ...cross.reverse.broken.map((problem) => `this contract suite could not run: ${problem}`),
  ];
  const findings = [
    ...cross.forward.failed.map((failure) => ({
      source: "suite",
      impact: "major",
      operation: failure.operation,
      rule: "suite/base-suite-on-this-mock",
      message: `the base's contract suite fails against this mock: ${failure.name}`,
    })),
    ...cross.reverse.failed.map((failure) => ({
      source: "suite",
      impact: impactOf(failure.operation),
      operation: failure.operation,
      rule: "suite/this-suite-on-base-mock",
      message: `this contract suite fails against the base's mock: ${failure.name}`,
    })),
  ];
  return { findings, broken };
}

/** The gate's exit status: 0 passes, 1 fails. */
async function gate(base) {
  const {
    findings,
    base: baseSpec,
    revision: revisionSpec,
  } = await judge(
    join(base.dir, "spec", "src", "openapi.yaml"),
    join(revisionRoot, "spec", "src", "openapi.yaml"),
  );
  const from = (source) => findings.filter((f) => f.source === source);
  say(
    `spec compared with ${base.what}: ${counts(findings)} changes (redocly diff: ${counts(from("redocly"))}; behaviour diff: ${counts(from("behaviour"))}; ${from("equivalence").length} of Redocly's verdicts overruled as equivalent).`,
  );
  let broken = [];
  // A release commit is its own base (the commit that last set the client's version is HEAD, and
  // nothing is changed since): there is no other revision to run the suites across.
  const isRelease =
    base.commit !== undefined &&
    base.commit === git("rev-parse", "HEAD") &&
    git("status", "--porcelain", "--", "spec", "packages") === "";
  if (isRelease)
    say("contract suites across the release: this commit is the release; nothing to run them across.");
  else if (base.commit !== undefined && !values["no-suites"] && values.revision === undefined) {
    const suites = await suiteFindings(base.commit, baseSpec, revisionSpec, findings);
    findings.push(...suites.findings);
    broken = suites.broken;
  }
  const label = { major: "breaking", minor: "compatible" };
  const shown = new Map(); // rule -> lines shown, for the suites' failures
  for (const finding of findings.filter((f) => f.impact !== "patch" || f.source === "equivalence")) {
    if (finding.source === "suite") {
      const count = (shown.get(finding.rule) ?? 0) + 1;
      shown.set(finding.rule, count);
      if (count > MAX_SUITE_LINES) continue;
    }
    say(
      `  ${label[finding.impact] ?? "not breaking"}: ${finding.operation ?? (finding.source === "suite" ? "(suite)" : "(document)")}: ${finding.message} (${finding.rule})`,
    );
  }
  for (const [rule, count] of shown) {
    if (count > MAX_SUITE_LINES)
      say(
        `  … and ${count - MAX_SUITE_LINES} more failing tests (${rule}; reports in .cache/breaking/reports/)`,
      );
  }
  // A suite that could not run cannot judge: the gate fails whatever the version says.
  for (const problem of broken) say(`  error: ${problem}`);
  const breaking = findings.filter((f) => f.impact === "major");
  if (breaking.length === 0) return broken.length > 0 ? 1 : 0;
  // The changelog names the operations the spec's breaking changes touch; a failing test of the
  // suites names its own only when the spec shows no breaking change (a test of a linked
  // operation fails when its creator changed: the creator is the change).
  const fromSpec = breaking.filter((f) => f.source !== "suite");
  const operations = [
    ...new Set((fromSpec.length > 0 ? fromSpec : breaking).map((f) => f.operation).filter(Boolean)),
  ];
  const problems = releaseProblems(base.dir, revisionRoot, operations);
  if (problems.length === 0 && broken.length === 0) {
    say(
      `breaking changes released as ${clientVersion(revisionRoot)} (was ${clientVersion(base.dir)}) with a changelog entry: allowed.`,
    );
    return 0;
  }
  for (const problem of problems) say(problem);
  if (broken.length > 0)
    say(`${broken.length} contract-suite files could not run: the suites across the release cannot judge.`);
  return 1;
}

const base = baseFolder();
if (base === undefined) process.exit(0);
let status = 1;
try {
  status = await gate(base);
} finally {
  if (base.temporary) rmSync(base.dir, { recursive: true, force: true });
}
process.exit(status);
