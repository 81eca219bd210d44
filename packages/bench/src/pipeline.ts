/** The main build (turbo run lint build docs) cold, against the same build replayed from turbo's cache. */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import type { Row } from "./report.js";

function timeTurbo(root: string, extra: string[]): number {
  const start = performance.now();
  const result = spawnSync(
    "pnpm",
    ["exec", "turbo", "run", "lint", "build", "docs", "--output-logs=none", ...extra],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (result.status !== 0)
    throw new Error(`turbo run lint build docs ${extra.join(" ")} exited ${result.status}`);
  return performance.now() - start;
}

export function benchPipeline(root: string): Row {
  const cold = timeTurbo(root, ["--force"]);
  const cached = timeTurbo(root, []);
  return {
    benchmark: "pipeline",
    subject: "main build from turbo cache",
    baseline: "main build cold (--force)",
    subjectFigure: `${(cached / 1000).toFixed(2)} s`,
    baselineFigure: `${(cold / 1000).toFixed(2)} s`,
    ratio: cached / cold,
    target: "≤ 0.10",
    met: cached / cold <= 0.1,
  };
}
