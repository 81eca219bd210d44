/**
 * How the mock and the contract suite grow with the spec: a copy of the bundled spec with its
 * paths repeated under `/orgs/{orgId}/scale<k>/…` (each copy with its own operationIds) until it
 * holds N operations, then the same measurement at today's size and at N.
 * - the mock's p50 latency for a signed POST of today's API key path, one at a time;
 * - the contract suite (api-key project, the per-operation files, a fixed run count) in seconds
 *   per operation.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { METHODS } from "@atlas-admin/spec-kit";
import { type ChildServer, startChildServer } from "./child-server.js";
import { post } from "./http-load.js";
import { type LoadResult, runLoad } from "./load.js";
import { createLoadSigner } from "./load-digest-signer.js";
import type { Row } from "./report.js";

const PATH = "/orgs/5980cfc70b6d12029d82e3f6/apiKeys";
const BODY = JSON.stringify({ desc: "bench key", roles: ["ORG_MEMBER"] });
const PUBLIC_KEY = "benchpub";
const PRIVATE_KEY = "3f0c2b7e-1d4a-4c6b-8e9f-a0b1c2d3e4f5";

type Spec = { paths: Record<string, Record<string, { operationId?: string }>> };

const countOperations = (spec: Spec) =>
  Object.values(spec.paths).reduce((n, item) => n + METHODS.filter((m) => item[m]).length, 0);

/** Writes a copy of the bundle grown to at least `operations` operations; returns its openapi.json. */
export function scaledSpec(bundle: string, operations: number, dir: string): string {
  const spec = JSON.parse(readFileSync(bundle, "utf8")) as Spec;
  const original = Object.entries(spec.paths);
  const perCopy = countOperations(spec);
  for (let k = 1; countOperations(spec) < operations; k++) {
    for (const [path, item] of original) {
      const copy = structuredClone(item);
      for (const method of METHODS) {
        const operation = copy[method];
        if (operation?.operationId) operation.operationId = `${operation.operationId}Scale${k}`;
      }
      spec.paths[path.replace("/orgs/{orgId}/", `/orgs/{orgId}/scale${k}/`)] = copy;
    }
    if (perCopy === 0) break;
  }
  const out = join(dir, "openapi.json");
  writeFileSync(out, JSON.stringify(spec));
  return out;
}

async function signedLatency(root: string, specPath: string, requests: number): Promise<LoadResult> {
  const server: ChildServer = await startChildServer(
    process.execPath,
    [
      join(root, "packages/mock/dist/cli.js"),
      ...["--port", "0", "--rate-limits", "off", "--public-key", PUBLIC_KEY, "--private-key", PRIVATE_KEY],
      ...["--spec", specPath],
    ],
    root,
  );
  try {
    const probe = await fetch(server.url + PATH, { method: "POST" });
    await probe.arrayBuffer();
    const sign = createLoadSigner(probe.headers.get("www-authenticate") ?? "", PUBLIC_KEY, PRIVATE_KEY);
    return await runLoad({
      requests,
      concurrency: 1,
      send: async () => {
        const status = await post(server.url + PATH, BODY, { Authorization: sign("POST", PATH) });
        if (status !== 200) throw new Error(`${server.url} answered ${status}`);
      },
    });
  } finally {
    await server.stop();
  }
}

/** Seconds the contract suite's per-operation files take against a mock of `bundle`. */
function suiteSeconds(root: string, bundle: string, runs: number): number {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      join(root, "packages/contract-tests/node_modules/vitest/vitest.mjs"),
      "run",
      "--project",
      "api-key",
      "test/success.test.ts",
      "test/constraints.test.ts",
      "test/documented-statuses.test.ts",
      "test/property-based.test.ts",
    ],
    {
      cwd: join(root, "packages/contract-tests"),
      env: {
        ...process.env,
        ATLAS_SPEC_BUNDLE: bundle,
        ATLAS_CONTRACT_RUNS: String(runs),
        ATLAS_CONTRACT_BASE_URL: "",
        // Its reports stay out of the package's own artifacts/.
        ATLAS_CONTRACT_ARTIFACTS: mkdtempSync(join(tmpdir(), "atlas-bench-contract-")),
        ATLAS_TEST_RESULTS: join(tmpdir(), `atlas-bench-contract-${process.pid}.json`),
      },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0)
    throw new Error(`the contract suite failed on ${bundle}:\n${result.stdout}\n${result.stderr}`);
  return (performance.now() - started) / 1000;
}

export async function benchScale(
  root: string,
  options: { latencyOperations: number; suiteOperations: number; requests: number; runs: number },
): Promise<Row[]> {
  const bundle = join(root, "spec/dist/openapi.json");
  const today = countOperations(JSON.parse(readFileSync(bundle, "utf8")) as Spec);
  const dir = mkdtempSync(join(tmpdir(), "atlas-bench-scale-"));
  try {
    const large = scaledSpec(bundle, options.latencyOperations, mkdtempSync(join(dir, "latency-")));
    const largeCount = countOperations(JSON.parse(readFileSync(large, "utf8")) as Spec);
    await signedLatency(root, bundle, Math.min(100, options.requests)); // warm-up
    const small = await signedLatency(root, bundle, options.requests);
    const big = await signedLatency(root, large, options.requests);

    const suiteSpec = scaledSpec(bundle, options.suiteOperations, mkdtempSync(join(dir, "suite-")));
    const suiteCount = countOperations(JSON.parse(readFileSync(suiteSpec, "utf8")) as Spec);
    const perOpToday = suiteSeconds(root, bundle, options.runs) / today;
    const perOpLarge = suiteSeconds(root, suiteSpec, options.runs) / suiteCount;
    return [
      {
        benchmark: "scale: mock p50, signed POST, 1 in flight",
        subject: `spec of ${largeCount} operations`,
        baseline: `today's spec (${today} operations)`,
        subjectFigure: `${big.p50Ms.toFixed(2)} ms (p99 ${big.p99Ms.toFixed(2)} ms)`,
        baselineFigure: `${small.p50Ms.toFixed(2)} ms (p99 ${small.p99Ms.toFixed(2)} ms)`,
        ratio: big.p50Ms / small.p50Ms,
        target: "≤ 1.3",
        met: big.p50Ms / small.p50Ms <= 1.3,
      },
      {
        benchmark: `scale: contract suite per operation (${options.runs} property runs)`,
        subject: `spec of ${suiteCount} operations`,
        baseline: `today's spec (${today} operations)`,
        subjectFigure: `${perOpLarge.toFixed(2)} s/operation`,
        baselineFigure: `${perOpToday.toFixed(2)} s/operation`,
        ratio: perOpLarge / perOpToday,
        target: "≤ 1.3 (flat)",
        met: perOpLarge / perOpToday <= 1.3,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
