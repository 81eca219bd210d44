import { benchBundleSize } from "./bundle-size.js";
import { benchClientOverhead } from "./client-overhead.js";
import { printTable } from "./report.js";
const root = "/work/wt-client";
const rows = [...(await benchClientOverhead(root, { calls: 3000, rounds: 3 })), await benchBundleSize(root)];
printTable(rows);
