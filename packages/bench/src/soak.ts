/**
 * A soak of the mock at its caps: for a fixed time, 8 in flight of a mix of unsigned requests (each
 * issues a nonce), signed creates (each keeps a key) and token requests (past the active-token
 * cap, each refused), against a mock started with small caps. The mock's resident set size (from
 * /proc) at the start, at the half and at the end, and its peak in each half, sampled every 250
 * ms: past the half the caps are full, so the second half's peak over the first's shows whether
 * anything grows past its bound (target ≤ 10 %). Peaks, not instants: the RSS at one moment swings
 * by tens of MiB with when V8 last collected.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startChildServer } from "./child-server.js";
import { post } from "./http-load.js";
import { createLoadSigner } from "./load-digest-signer.js";
import type { Row } from "./report.js";

const PATH = "/orgs/5980cfc70b6d12029d82e3f6/apiKeys";
const PUBLIC_KEY = "benchpub";
const PRIVATE_KEY = "3f0c2b7e-1d4a-4c6b-8e9f-a0b1c2d3e4f5";
const CLIENT = "mdb_sa_id_000000000000000000000000:mdb_sa_sk_00000000000000000000000000000000";

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

export async function benchSoak(root: string, options: { seconds: number }): Promise<Row> {
  const server = await startChildServer(
    process.execPath,
    [
      join(root, "packages/mock/dist/cli.js"),
      ...["--port", "0", "--rate-limits", "off", "--public-key", PUBLIC_KEY, "--private-key", PRIVATE_KEY],
      ...["--max-nonces", "1000", "--max-created", "1000", "--max-created-per-org", "1000"],
      ...["--token-rate-limit", "100000000", "--max-active-tokens", "100"],
    ],
    root,
  );
  const pid = server.process.pid as number;
  try {
    const probe = await fetch(server.url + PATH, { method: "POST" });
    await probe.arrayBuffer();
    let sign = createLoadSigner(probe.headers.get("www-authenticate") ?? "", PUBLIC_KEY, PRIVATE_KEY);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const start = rssMiB(pid);
    const basic = `Basic ${Buffer.from(CLIENT).toString("base64")}`;
    const counts = { challenges: 0, creates: 0, tokens: 0 };
    const until = performance.now() + options.seconds * 1000;
    let half = Number.NaN;
    const halfway = setTimeout(() => {
      half = rssMiB(pid);
    }, options.seconds * 500);
    const peaks = [0, 0];
    const midpoint = performance.now() + options.seconds * 500;
    const sampler = setInterval(() => {
      const part = performance.now() < midpoint ? 0 : 1;
      peaks[part] = Math.max(peaks[part] as number, rssMiB(pid));
    }, 250);
    let i = 0;
    const worker = async () => {
      while (performance.now() < until) {
        const kind = i++ % 3;
        if (kind === 0) {
          await post(server.url + PATH, "{}", {});
          counts.challenges++;
        } else if (kind === 1) {
          const body = JSON.stringify({ desc: `soak ${i}`, roles: ["ORG_MEMBER"] });
          const status = await post(server.url + PATH, body, { Authorization: sign("POST", PATH) });
          if (status === 401) {
            // The load signer's nonce was forgotten under the nonce cap: take a fresh one.
            const again = await fetch(server.url + PATH, { method: "POST" });
            await again.arrayBuffer();
            sign = createLoadSigner(again.headers.get("www-authenticate") ?? "", PUBLIC_KEY, PRIVATE_KEY);
          } else counts.creates++;
        } else {
          await post(`${server.url}/api/oauth/token`, "grant_type=client_credentials", {
            "Content-Type": "application/x-www-form-urlencoded",
            Authorization: basic,
          });
          counts.tokens++;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    clearTimeout(halfway);
    clearInterval(sampler);
    const end = rssMiB(pid);
    const [first = Number.NaN, second = Number.NaN] = peaks;
    return {
      benchmark: `soak at the caps (${options.seconds} s, 8 in flight)`,
      subject: `mock RSS, second half's peak (at the end), after ${counts.challenges} challenges, ${counts.creates} creates, ${counts.tokens} token requests`,
      baseline: `first half's peak (at the half; ${start.toFixed(1)} MiB at the start)`,
      subjectFigure: `${second.toFixed(1)} MiB (${end.toFixed(1)} MiB)`,
      baselineFigure: `${first.toFixed(1)} MiB (${half.toFixed(1)} MiB)`,
      ratio: second / first,
      target: "≤ 1.10",
      met: second / first <= 1.1,
    };
  } finally {
    await server.stop();
  }
}
