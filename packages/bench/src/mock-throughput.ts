/**
 * The mock (Digest + Prism) against Prism alone, as `prism mock` (how users run it) and silenced
 * in-process, and against a bare node:http server returning the same bytes; plus start-up time.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadSpec } from "@atlas-admin/spec-kit";
import { type ChildServer, startChildServer } from "./child-server.js";
import { post } from "./http-load.js";
import { interleaved, type LoadResult, runLoad } from "./load.js";
import { createLoadSigner } from "./load-digest-signer.js";
import type { Row } from "./report.js";

const PATH = "/orgs/5980cfc70b6d12029d82e3f6/apiKeys";
const BODY = JSON.stringify({ desc: "bench key", roles: ["ORG_MEMBER"] });
const PUBLIC_KEY = "benchpub";
const PRIVATE_KEY = "3f0c2b7e-1d4a-4c6b-8e9f-a0b1c2d3e4f5";
// Prism's own security check wants this shape (and refuses a real RFC 7616 header).
const PRISM_SHAPED_DIGEST = 'Digest username="bench", realm="bench", nonce="abc", uri="x", response="y"';

async function challenge(url: string): Promise<string> {
  const response = await fetch(url + PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: BODY,
  });
  await response.arrayBuffer();
  const header = response.headers.get("www-authenticate");
  if (response.status !== 401 || !header)
    throw new Error(`expected a Digest challenge from the mock, got ${response.status}`);
  return header;
}

function loadAgainst(server: ChildServer, authorization: () => string, requests: number) {
  return async (): Promise<LoadResult> =>
    runLoad({
      requests,
      concurrency: 16,
      send: async () => {
        const status = await post(server.url + PATH, BODY, { Authorization: authorization() });
        if (status !== 200) throw new Error(`${server.url} answered ${status}`);
      },
    });
}

const figure = (r: LoadResult) =>
  `${Math.round(r.rps)} req/s (p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms)`;

async function medianStartup(times: number, start: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await start());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

async function mockStartup(root: string): Promise<number> {
  const begin = performance.now();
  const server = await startChildServer(
    process.execPath,
    [join(root, "packages/mock/dist/cli.js"), "--port", "0"],
    root,
  );
  const response = await fetch(server.url + PATH, { method: "POST" });
  await response.arrayBuffer();
  const elapsed = performance.now() - begin;
  await server.stop();
  return elapsed;
}

function nodeStartup(): Promise<number> {
  const begin = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", "0"]);
    child.once("error", reject);
    child.once("exit", () => resolve(performance.now() - begin));
  });
}

export async function benchMock(root: string, options: { requests: number; rounds: number }): Promise<Row[]> {
  const bench = join(root, "packages/bench");
  const tsx = [process.execPath, ["--import", "tsx"]] as const;
  const staticBody = JSON.stringify(
    loadSpec(createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json")).components.examples
      ?.ApiKey?.value,
  );

  const servers = {
    mock: await startChildServer(
      process.execPath,
      [
        join(root, "packages/mock/dist/cli.js"),
        "--port",
        "0",
        "--rate-limits",
        "off",
        "--public-key",
        PUBLIC_KEY,
        "--private-key",
        PRIVATE_KEY,
      ],
      root,
    ),
    prismCli: await startChildServer(
      process.execPath,
      [
        join(bench, "node_modules/@stoplight/prism-cli/dist/index.js"),
        "mock",
        join(root, "spec/dist/openapi.yaml"),
        "--port",
        "4519",
        "--host",
        "127.0.0.1",
      ],
      bench,
    ),
    prismSilent: await startChildServer(
      tsx[0],
      [...tsx[1], join(bench, "src/servers/prism-silent.ts")],
      bench,
    ),
    bare: await startChildServer(
      tsx[0],
      [...tsx[1], join(bench, "src/servers/fixed-response-server.ts"), staticBody],
      bench,
    ),
  };
  try {
    const sign = createLoadSigner(await challenge(servers.mock.url), PUBLIC_KEY, PRIVATE_KEY);
    const mockAuth = () => sign("POST", PATH);
    const prismAuth = () => PRISM_SHAPED_DIGEST;
    const contenders = (requests: number) => ({
      mock: loadAgainst(servers.mock, mockAuth, requests),
      prismSilent: loadAgainst(servers.prismSilent, prismAuth, requests),
      prismCli: loadAgainst(servers.prismCli, prismAuth, requests),
      bare: loadAgainst(servers.bare, prismAuth, requests),
    });
    await interleaved(1, contenders(Math.min(500, options.requests)));
    const best = await interleaved(options.rounds, contenders(options.requests));

    const startup = await medianStartup(5, () => mockStartup(root));
    const node = await medianStartup(5, nodeStartup);
    const ratio = (a: LoadResult, b: LoadResult) => a.rps / b.rps;
    return [
      {
        benchmark: "mock throughput (16 in flight)",
        subject: "mock (Digest + Prism)",
        baseline: "Prism, logging silenced",
        subjectFigure: figure(best.mock),
        baselineFigure: figure(best.prismSilent),
        ratio: ratio(best.mock, best.prismSilent),
        target: "≥ 1.00",
        met: ratio(best.mock, best.prismSilent) >= 1,
      },
      {
        benchmark: "mock throughput (16 in flight)",
        subject: "mock (Digest + Prism)",
        baseline: "`prism mock` CLI",
        subjectFigure: figure(best.mock),
        baselineFigure: figure(best.prismCli),
        ratio: ratio(best.mock, best.prismCli),
        target: "≥ 1.00",
        met: ratio(best.mock, best.prismCli) >= 1,
      },
      {
        benchmark: "mock throughput (16 in flight)",
        subject: "mock (Digest + Prism)",
        baseline: "bare node:http, same bytes",
        subjectFigure: figure(best.mock),
        baselineFigure: figure(best.bare),
        ratio: ratio(best.mock, best.bare),
        target: "ceiling",
        met: null,
      },
      {
        benchmark: "mock start-up (median of 5)",
        subject: "mock: spawn to first answer",
        baseline: "node -e 0",
        subjectFigure: `${startup.toFixed(0)} ms`,
        baselineFigure: `${node.toFixed(0)} ms`,
        ratio: startup / node,
        target: "reported",
        met: null,
      },
    ];
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
}
