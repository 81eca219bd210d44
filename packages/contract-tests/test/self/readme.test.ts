/** The README's table of variables is the one the suite reads (test/helpers/target-env.ts). */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { VARIABLES } from "../helpers/target-env.js";

it("the README lists every variable the suite reads, with the same meaning, and no other", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const table =
    /<!-- contract-variables[^>]*-->\n\| variable \| meaning \|\n\|---\|---\|\n((?:\|.*\|\n)+)/.exec(
      readme,
    )?.[1];
  expect(table, "README.md has no variables table after its contract-variables marker").toBeDefined();
  const rows = Object.fromEntries(
    (table as string)
      .trim()
      .split("\n")
      .map((row) => /^\| `([A-Z_]+)` \| (.*) \|$/.exec(row)?.slice(1) ?? [row, ""]),
  );
  expect(rows).toEqual(VARIABLES);
});

it("every ATLAS_ variable the suite's code reads is in the table", () => {
  const sources = ["global-setup.ts", "target-env.ts", "budget.ts", "artifacts.ts", "coverage-reporter.ts"]
    .map((name) => readFileSync(new URL(`../helpers/${name}`, import.meta.url), "utf8"))
    .join("\n");
  const read = new Set([...sources.matchAll(/process\.env\.(ATLAS_[A-Z_]+)/g)].map((m) => m[1]));
  // Set by the global setup for its workers, not by users.
  for (const internal of ["ATLAS_CONTRACT_BUDGET_URL", "ATLAS_CONTRACT_TARGET_NAME", "ATLAS_CONTRACT_AUTH"])
    read.delete(internal);
  for (const name of read) expect(Object.keys(VARIABLES)).toContain(name);
});
