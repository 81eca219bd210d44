/**
 * A vitest reporter that writes `artifacts/coverage.md` at the end of the run: every operation of
 * the spec × every documented status and named example, one column per authentication project,
 * each cell "passed" only when every test that exercised it passed (its own check and the whole
 * test). At the top, each project's totals, and a project that failed, was skipped or did not
 * run says so, with the reason.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { loadSpec, type SpecOperation, specOperations } from "@atlas-admin/spec-kit";
import type { Reporter, TestModule } from "vitest/node";
import { ARTIFACTS } from "./artifacts.js";
import type { CoverageRecord } from "./coverage.js";
import { serviceAccountPlan } from "./target-env.js";

/** The projects whose tests call the contract target, in the matrix's column order. */
export const TARGET_PROJECTS = ["api-key", "service-account"] as const;

interface ProjectTotals {
  passed: number;
  failed: number;
  skipped: number;
  /** Files that failed outside their tests (import, setup, teardown). */
  fileErrors: string[];
}

export default class CoverageReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    // A run of the self-tests alone has no target to report on.
    if (!testModules.some((m) => (TARGET_PROJECTS as readonly string[]).includes(m.project.name))) return;
    const records = new Map<string, (CoverageRecord & { testPassed: boolean })[]>();
    const totals = new Map<string, ProjectTotals>();
    for (const module of testModules) {
      const project = module.project.name;
      const total = totals.get(project) ?? { passed: 0, failed: 0, skipped: 0, fileErrors: [] };
      totals.set(project, total);
      if (module.state() === "failed" && module.errors().length > 0)
        total.fileErrors.push(
          `${module.moduleId.split("/test/").pop()}: ${module.errors()[0]?.message ?? "failed"}`,
        );
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") total.passed++;
        else if (state === "failed") total.failed++;
        else total.skipped++;
        for (const record of test.meta().coverage ?? []) {
          const list = records.get(project) ?? [];
          list.push({ ...record, testPassed: state === "passed" });
          records.set(project, list);
        }
      }
    }
    const specPath =
      process.env.ATLAS_SPEC_BUNDLE ||
      createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json");
    const out = writeMatrix(specOperations(loadSpec(specPath)), records, totals);
    console.log(`[contract] coverage: ${out}`);
  }
}

function projectLine(project: string, total: ProjectTotals | undefined): string {
  if (total === undefined) {
    const plan = serviceAccountPlan();
    return project === "service-account" && !plan.run
      ? `- **${project}: not run** — ${plan.reason}.`
      : `- **${project}: not run** — no test of it was collected.`;
  }
  const counts = `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
  if (total.failed > 0 || total.fileErrors.length > 0)
    return `- **${project}: FAILED** — ${counts}${total.fileErrors.map((e) => `; ${e}`).join("")}`;
  if (total.passed === 0) return `- **${project}: skipped** — ${counts}`;
  return `- ${project}: passed — ${counts}`;
}

function writeMatrix(
  operations: readonly SpecOperation[],
  records: Map<string, (CoverageRecord & { testPassed: boolean })[]>,
  totals: Map<string, ProjectTotals>,
): string {
  const servesPrismMocks = process.env.ATLAS_CONTRACT_PRISM !== "false";
  const verdict = (
    project: string,
    operationId: string,
    status: number,
    example: string | null,
    success: boolean,
  ) => {
    if (!totals.has(project)) return "not run";
    const seen = (records.get(project) ?? []).filter(
      (r) =>
        r.operationId === operationId && r.status === status && (example === null || r.example === example),
    );
    if (seen.some((r) => !r.passed || !r.testPassed)) return "**failed**";
    if (seen.length > 0) return "passed";
    if (!servesPrismMocks && !success) return "not asked for (the target does not answer `Prefer`)";
    return "not exercised";
  };
  const lines = [
    `# Contract coverage: ${process.env.ATLAS_CONTRACT_TARGET_NAME ?? "the contract target"}`,
    "",
    ...[...new Set([...TARGET_PROJECTS, ...totals.keys()])].map((p) => projectLine(p, totals.get(p))),
    "",
    "Every operation of the spec × every documented status and named example, as this run left it;",
    'a cell is "passed" only when every test that exercised it passed.',
    "",
    `| operation | status | example | ${TARGET_PROJECTS.join(" | ")} |`,
    `|---|---|---|${TARGET_PROJECTS.map(() => "---").join("|")}|`,
  ];
  for (const operation of operations) {
    const name = `${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`;
    const row = (status: number, example: string | null, success: boolean) =>
      TARGET_PROJECTS.map((p) => verdict(p, operation.operationId, status, example, success)).join(" | ");
    for (const status of operation.statuses) {
      lines.push(`| ${name} | ${status} | — | ${row(status, null, status === operation.success)} |`);
      for (const [exampleStatus, example] of operation.namedExamples()) {
        if (exampleStatus === status)
          lines.push(`| ${name} | ${status} | \`${example}\` | ${row(status, example, false)} |`);
      }
    }
  }
  const out = new URL("coverage.md", ARTIFACTS);
  writeFileSync(out, `${lines.join("\n")}\n`);
  return fileURLToPath(out);
}
