/**
 * The run's reports tell the truth: a coverage row is "passed" only when the test behind it
 * passed, a failed project says so at the top, a project that did not run says why, and JUnit
 * names the project of every suite.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadSpec, specOperations } from "@atlas-admin/spec-kit";
import { afterAll, expect, it } from "vitest";

const run = promisify(execFile);
const vitest = join(createRequire(import.meta.url).resolve("vitest/package.json"), "..", "vitest.mjs");
const fixture = fileURLToPath(new URL("./fixtures/reports/", import.meta.url));
const artifacts = mkdtempSync(join(tmpdir(), "contract-reports-"));
const [first, second] = specOperations(
  loadSpec(createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json")),
);
afterAll(() => rmSync(artifacts, { recursive: true, force: true }));

it("a failed test's rows are not passed, the project says FAILED, JUnit names the project", async () => {
  const result = await run(process.execPath, [vitest, "run", "--config", join(fixture, "vitest.config.ts")], {
    cwd: fixture,
    env: { ...process.env, ATLAS_CONTRACT_ARTIFACTS: artifacts, ATLAS_CONTRACT_BASE_URL: "" },
  }).catch((error: { code: number; stdout: string }) => error);
  expect("code" in result ? result.code : 0).toBe(1);

  const coverage = readFileSync(join(artifacts, "coverage.md"), "utf8");
  expect(coverage).toMatch(/^- \*\*api-key: FAILED\*\* — 1 passed, 1 failed, 0 skipped/m);
  expect(coverage).toMatch(/^- \*\*service-account: not run\*\*/m);
  const row = (operation: typeof first) =>
    coverage
      .split("\n")
      .find(
        (line) =>
          line.includes(`(${operation?.operationId})`) && line.includes(`| ${operation?.success} | — |`),
      );
  expect(row(first)).toMatch(/\| \*\*failed\*\* \| not run \|$/);
  expect(row(second)).toMatch(/\| passed \| not run \|$/);

  const junit = readFileSync(join(artifacts, "junit.xml"), "utf8");
  expect(junit).toContain('<testsuite name="[api-key] rows.fixture.ts"');
  expect(junit).toContain('classname="[api-key] rows.fixture.ts"');
});
