/**
 * What the run proved, per operation × documented status and named example: each test that
 * exercises one records whether it passed (JSON lines in `artifacts/coverage/`, one file per
 * worker); `writeCoverageMatrix` (called by global-setup.ts at the end) writes
 * `artifacts/coverage.md` from them and the spec.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { SpecOperation } from "@atlas-admin/spec-kit";
import { ARTIFACTS } from "./artifacts.js";

const dir = new URL("coverage/", ARTIFACTS);
const file = new URL(`${process.pid}.jsonl`, dir);

interface Record {
  readonly operationId: string;
  readonly status: number;
  readonly example: string | null;
  readonly passed: boolean;
}

/** Records one exercised (operation, status[, example]) and whether the test's check passed. */
export function covered(
  operation: SpecOperation,
  status: number,
  example: string | null,
  passed: boolean,
): void {
  mkdirSync(dir, { recursive: true });
  const record: Record = { operationId: operation.operationId, status, example, passed };
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/** Runs `check`, recording whether it threw; rethrows. */
export async function recording<T>(
  operation: SpecOperation,
  status: number,
  example: string | null,
  check: () => Promise<T>,
): Promise<T> {
  let passed = false;
  try {
    const result = await check();
    passed = true;
    return result;
  } finally {
    covered(operation, status, example, passed);
  }
}

export function clearCoverage(): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes `artifacts/coverage.md`: every operation × status and example of `operations`. */
export function writeCoverageMatrix(
  operations: readonly SpecOperation[],
  target: { name: string; servesPrismMocks: boolean },
  cleanup: string,
): string {
  const records: Record[] = [];
  for (const name of safeList(dir)) {
    for (const line of readFileSync(new URL(name, dir), "utf8").split("\n"))
      if (line) records.push(JSON.parse(line));
  }
  const verdict = (operationId: string, status: number, example: string | null, success: boolean): string => {
    const seen = records.filter(
      (r) =>
        r.operationId === operationId && r.status === status && (example === null || r.example === example),
    );
    if (seen.some((r) => !r.passed)) return "exercised, **failed**";
    if (seen.length > 0) return "exercised, passed";
    if (!target.servesPrismMocks && !success)
      return "not reachable: the target does not answer `Prefer` (only the mock does), so this status is not asked for";
    return "not exercised";
  };
  const lines = [
    `# Contract coverage: ${target.name}`,
    "",
    "Every operation of the spec × every documented status and named example, as this run left it.",
    `Teardown: ${cleanup}.`,
    "",
    "| operation | status | example | result |",
    "|---|---|---|---|",
  ];
  for (const operation of operations) {
    const name = `${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`;
    for (const status of operation.statuses) {
      const success = status === operation.success;
      lines.push(`| ${name} | ${status} | — | ${verdict(operation.operationId, status, null, success)} |`);
      for (const [exampleStatus, example] of operation.namedExamples()) {
        if (exampleStatus !== status) continue;
        lines.push(
          `| ${name} | ${status} | \`${example}\` | ${verdict(operation.operationId, status, example, false)} |`,
        );
      }
    }
  }
  const out = new URL("coverage.md", ARTIFACTS);
  writeFileSync(out, `${lines.join("\n")}\n`);
  return out.pathname;
}

function safeList(folder: URL): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
