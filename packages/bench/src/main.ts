/**
 * `pnpm bench`: every benchmark, each figure beside its baseline measured in the same run, printed
 * as one table and written as JSON. A benchmark, not a test: it asserts nothing about time.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchBundleSize } from "./bundle-size.js";
import { benchClientOverhead } from "./client-overhead.js";
import { benchMock } from "./mock-throughput.js";
import { benchPageSize } from "./page-size.js";
import { benchPipeline } from "./pipeline.js";
import { benchProxyAndInProcess } from "./proxy-and-in-process.js";
import { printTable, type Row } from "./report.js";
import { benchRoundTrips } from "./round-trips.js";
import { benchScale } from "./scale.js";
import { benchSoak } from "./soak.js";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
const quick = process.argv.includes("--quick");
const skipPipeline = process.argv.includes("--no-pipeline");
/** `--client`: the client's benchmarks alone (overhead and bundle size). */
const clientOnly = process.argv.includes("--client");

const rows: Row[] = [];
const step = async (name: string, run: () => Promise<Row | Row[]>) => {
  process.stderr.write(`[bench] ${name}…\n`);
  const result = await run();
  rows.push(...(Array.isArray(result) ? result : [result]));
};

await step("client overhead", () =>
  benchClientOverhead(root, { calls: quick ? 500 : 3000, rounds: quick ? 1 : 3 }),
);
if (!clientOnly) {
  await step("round trips", () => benchRoundTrips(100));
  await step("mock throughput and start-up", () =>
    benchMock(root, { requests: quick ? 1000 : 4000, rounds: quick ? 1 : 3 }),
  );
  await step("scale (a spec grown to hundreds of operations)", () =>
    benchScale(root, {
      latencyOperations: 400,
      suiteOperations: quick ? 20 : 40,
      requests: quick ? 300 : 1000,
      runs: 20,
    }),
  );
  await step("validating proxy and in-process mock", () =>
    benchProxyAndInProcess(root, { requests: quick ? 300 : 1000 }),
  );
  await step("soak at the caps", async () => benchSoak(root, { seconds: quick ? 10 : 60 }));
  if (!skipPipeline) await step("pipeline (turbo cold vs cached)", async () => benchPipeline(root));
}
await step("bundle size", () => benchBundleSize(root));
await step("reference page size", () => benchPageSize(root));

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`\nAtlas toolkit benchmarks — ${new Date().toISOString()} — ${machine}\n`);
printTable(rows);
const out = join(root, "packages/bench/artifacts/bench-results.json");
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
console.log(`\nJSON: ${out}`);
