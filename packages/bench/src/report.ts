/** Collects the benchmark's rows and prints them as one table (figures and ratios side by side). */
export type Row = {
  benchmark: string;
  subject: string;
  baseline: string;
  subjectFigure: string;
  baselineFigure: string;
  ratio: number;
  target: string;
  met: boolean | null;
};

export function printTable(rows: Row[]): void {
  const headers = ["benchmark", "subject", "figure", "baseline", "figure", "ratio", "target", "met"];
  const cells = rows.map((r) => [
    r.benchmark,
    r.subject,
    r.subjectFigure,
    r.baseline,
    r.baselineFigure,
    `${r.ratio.toFixed(3)}×`,
    r.target,
    r.met === null ? "—" : r.met ? "yes" : "NO",
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of cells) console.log(line(row));
}
