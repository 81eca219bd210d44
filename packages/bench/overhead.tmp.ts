import { benchClientOverhead } from "./src/client-overhead.js";
const rows = await benchClientOverhead("/work/wt-25", { calls: Number(process.argv[2] ?? 1000), rounds: Number(process.argv[3] ?? 2) });
for (const r of rows) console.log(r.benchmark, "|", r.baseline, "|", r.subjectFigure, "|", r.baselineFigure, "|", r.ratio.toFixed(3));
