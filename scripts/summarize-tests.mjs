#!/usr/bin/env node
// Prints the whole suite's total as one closing line ("N passed, N failed, N skipped") from the
// vitest JSON reports each package writes to artifacts/test-results.json. Run by `npm test`.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const folders = ["spec", ...["client", "mock", "contract-tests", "docs", "bench"].map((p) => `packages/${p}`)];

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
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(readFileSync(report, "utf8"));
  totals.passed += numPassedTests;
  totals.failed += numFailedTests;
  totals.skipped += numPendingTests + numTodoTests;
}
if (missing.length > 0) {
  console.error(`[summarize-tests] no test report at ${missing.join(", ")}: did the test task run?`);
  process.exit(1);
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
