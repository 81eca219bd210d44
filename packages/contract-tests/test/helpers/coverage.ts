/**
 * What the run exercised, per operation × documented status and named example: a test that
 * exercises one records it, with whether its own check passed, in the test's metadata
 * (`task.meta.coverage`); ./coverage-reporter.ts joins the records with the tests' results and
 * projects and writes `artifacts/coverage.md`. A row is "passed" only when every test behind it
 * passed.
 */
import type { SpecOperation } from "@atlas-admin/spec-kit";
import { TestRunner } from "vitest";

/** One exercised (operation, status[, example]) and whether the check made on it passed. */
export interface CoverageRecord {
  readonly operationId: string;
  readonly status: number;
  readonly example: string | null;
  readonly passed: boolean;
}

declare module "vitest" {
  interface TaskMeta {
    coverage?: CoverageRecord[];
  }
}

/**
 * Records one exercised (operation, status[, example]) on the running test.
 * @throws Error when called outside a test (the record would be lost).
 */
export function covered(
  operation: SpecOperation,
  status: number,
  example: string | null,
  passed: boolean,
): void {
  const test = TestRunner.getCurrentTest();
  if (test === undefined) throw new Error("covered() records on the running test: call it inside one");
  test.meta.coverage ??= [];
  test.meta.coverage.push({ operationId: operation.operationId, status, example, passed });
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
