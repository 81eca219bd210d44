/**
 * The reference page (packages/docs) with its try-it panel against the same page built without it
 * (`build-docs.mjs --no-try-it`), both built in this run from the same spec: bytes of the one
 * self-contained HTML file, and gzipped (as a server would send it).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Row } from "./report.js";

function buildPage(root: string, output: string, extra: string[]): { bytes: number; gzip: number } {
  const result = spawnSync(
    process.execPath,
    [join(root, "packages/docs/scripts/build-docs.mjs"), "--output", output, ...extra],
    { encoding: "utf8", timeout: 300_000 },
  );
  if (result.status !== 0)
    throw new Error(`build-docs ${extra.join(" ")} exited ${result.status}: ${result.stderr}`);
  const html = readFileSync(output);
  return { bytes: html.length, gzip: gzipSync(html, { level: 9 }).length };
}

export async function benchPageSize(root: string): Promise<Row> {
  const folder = mkdtempSync(join(tmpdir(), "bench-page-"));
  try {
    const panel = buildPage(root, join(folder, "with.html"), []);
    const plain = buildPage(root, join(folder, "without.html"), ["--no-try-it"]);
    const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
    return {
      benchmark: "reference page size",
      subject: "page with the try-it panel",
      baseline: "the page without it",
      subjectFigure: `${kB(panel.bytes)} (gzip ${kB(panel.gzip)})`,
      baselineFigure: `${kB(plain.bytes)} (gzip ${kB(plain.gzip)})`,
      ratio: panel.bytes / plain.bytes,
      target: "—",
      met: null,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
