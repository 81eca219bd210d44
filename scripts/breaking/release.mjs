// The version-and-changelog rule: a breaking change is released as a new major version of the
// client (a new minor while below 1.0) whose CHANGELOG.md entry names every operation it touches.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The client's version in a checkout (`packages/client/package.json`), `0.0.0` without one. */
export function clientVersion(dir) {
  const file = join(dir, "packages", "client", "package.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).version : "0.0.0";
}

const parse = (v) => v.split(/[.+-]/).slice(0, 3).map(Number);

/** Whether `next` raises the major version of `previous` (its minor while below 1.0). */
export function raisesMajor(previous, next) {
  const [pMajor, pMinor] = parse(previous);
  const [nMajor, nMinor] = parse(next);
  if (nMajor !== pMajor) return nMajor > pMajor;
  return pMajor === 0 && nMinor > pMinor;
}

/** The text of the changelog section `## <version>` (or `## [<version>]`), or undefined. */
export function changelogEntry(dir, wanted) {
  const file = join(dir, "packages", "client", "CHANGELOG.md");
  if (!existsSync(file)) return undefined;
  const sections = readFileSync(file, "utf8").split(/^## /m).slice(1);
  return sections.find((section) => {
    const heading = section.split("\n")[0] ?? "";
    return heading.replace(/^\[/, "").startsWith(wanted) && /^\[?[^\s\]]+\]?(\s|$)/.test(heading);
  });
}

/**
 * What keeps a breaking change from being released, one sentence each; empty when the revision's
 * client version raises the base's major (minor below 1.0) and its changelog entry names every
 * operation in `operations` (`METHOD /path`).
 */
export function releaseProblems(baseDir, revisionDir, operations) {
  const before = clientVersion(baseDir);
  const now = clientVersion(revisionDir);
  const problems = [];
  if (!raisesMajor(before, now)) {
    problems.push(
      `@atlas-admin/client is ${now}, released ${before}: a breaking change needs its major version raised (its minor while below 1.0).`,
    );
  }
  const entry = changelogEntry(revisionDir, now);
  if (entry === undefined) {
    problems.push(`packages/client/CHANGELOG.md has no "## ${now}" entry describing the breaking change.`);
  } else {
    const missing = operations.filter((operation) => !entry.includes(operation));
    if (missing.length > 0)
      problems.push(`The CHANGELOG.md entry for ${now} does not name: ${missing.join(", ")}.`);
  }
  return problems;
}
