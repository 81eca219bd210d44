#!/usr/bin/env node
// Prints the whole suite's total as one closing line ("N passed, N failed, N skipped") from the
// vitest JSON reports each package writes to artifacts/test-results.json, after each package's
// wall time in the newest turbo run summary (.turbo/runs/, written by `turbo run --summarize`).
// Run by `npm test` (the root script `test:all`); the total is always the last line.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// The workspace's folders (pnpm-workspace.yaml: spec, scripts, packages/*).
const folders = [
  "spec",
  "scripts",
  ...readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "packages", entry.name, "package.json")))
    .map((entry) => `packages/${entry.name}`),
];

// Wall time per package: first task start to last task end in this turbo run.
const runs = join(root, ".turbo", "runs");
const summaryFile = existsSync(runs)
  ? readdirSync(runs)
      .filter((name) => name.endsWith(".json"))
      .map((name) => join(runs, name))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  : undefined;
if (summaryFile) {
  const summary = JSON.parse(readFileSync(summaryFile, "utf8"));
  const byPackage = new Map();
  for (const task of summary.tasks ?? []) {
    const { startTime, endTime } = task.execution ?? {};
    if (typeof startTime !== "number" || typeof endTime !== "number") continue;
    const entry = byPackage.get(task.package) ?? { start: startTime, end: endTime, tasks: 0, cached: 0 };
    entry.start = Math.min(entry.start, startTime);
    entry.end = Math.max(entry.end, endTime);
    entry.tasks += 1;
    if (task.cache?.status === "HIT") entry.cached += 1;
    byPackage.set(task.package, entry);
  }
  const width = Math.max(0, ...[...byPackage.keys()].map((name) => name.length));
  for (const [name, { start, end, tasks, cached }] of [...byPackage].sort(([a], [b]) => a.localeCompare(b))) {
    const note =
      cached === tasks
        ? "all from cache"
        : cached > 0
          ? `${cached} of ${tasks} tasks from cache`
          : `${tasks} task${tasks === 1 ? "" : "s"}`;
    console.log(`  ${name.padEnd(width)}  ${((end - start) / 1000).toFixed(1).padStart(6)} s  (${note})`);
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const missing = [];
for (const folder of folders) {
  const hasTests = existsSync(join(root, folder, "vitest.config.ts"));
  if (!hasTests) continue;
  const report = join(root, folder, "artifacts", "test-results.json");
  if (!existsSync(report) || statSync(report).size === 0) {
    missing.push(relative(root, report));
    continue;
  }
  // A package may run its suite more than once against other targets (the contract tests against
  // the mock's command and through the proxy): each run's report in artifacts/runs/<name>/.
  const runs = join(root, folder, "artifacts", "runs");
  const more = existsSync(runs)
    ? readdirSync(runs)
        .map((name) => join(runs, name, "test-results.json"))
        .filter((file) => existsSync(file) && statSync(file).size > 0)
    : [];
  for (const file of [report, ...more]) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(
      readFileSync(file, "utf8"),
    );
    totals.passed += numPassedTests;
    totals.failed += numFailedTests;
    totals.skipped += numPendingTests + numTodoTests;
  }
}
if (missing.length > 0) {
  console.error(`[summarize-tests] no test report at ${missing.join(", ")}: did the test task run?`);
}
console.log(
  `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${missing.length > 0 ? `, ${missing.length} package(s) without a report` : ""}`,
);
process.exit(totals.failed > 0 || missing.length > 0 ? 1 : 0);
