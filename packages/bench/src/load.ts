/** Sends a fixed number of requests with a fixed number in flight and reports throughput and latency. */
import { performance } from "node:perf_hooks";

export type LoadResult = { requests: number; seconds: number; rps: number; p50Ms: number; p99Ms: number };

export async function runLoad(options: {
  requests: number;
  concurrency: number;
  send: (index: number) => Promise<void>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.requests) {
      const index = next++;
      const start = performance.now();
      await options.send(index);
      latencies.push(performance.now() - start);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    requests: options.requests,
    seconds,
    rps: options.requests / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/** Runs `measure` for each contender in turn, `rounds` times, interleaved, and keeps each one's best round. */
export async function interleaved<K extends string>(
  rounds: number,
  contenders: Record<K, () => Promise<LoadResult>>,
): Promise<Record<K, LoadResult>> {
  const best = {} as Record<K, LoadResult>;
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(contenders) as K[]) {
      const result = await contenders[name]();
      if (!best[name] || result.rps > best[name].rps) best[name] = result;
    }
  }
  return best;
}
