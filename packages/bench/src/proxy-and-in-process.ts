/**
 * The validating proxy's cost: p50 of a signed POST through the proxy in front of the mock ÷ the
 * same straight to the mock, one in flight. And the in-process mock (`createAtlasMock().fetch`)
 * against the same mock over loopback: calls per second, one in flight, signed by the load
 * generator's own Digest signer.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type ChildServer, startChildServer } from "./child-server.js";
import { post } from "./http-load.js";
import { runLoad } from "./load.js";
import { createLoadSigner } from "./load-digest-signer.js";
import type { Row } from "./report.js";

const PATH = "/orgs/5980cfc70b6d12029d82e3f6/apiKeys";
const BODY = JSON.stringify({ desc: "bench key", roles: ["ORG_MEMBER"] });
const PUBLIC_KEY = "benchpub";
const PRIVATE_KEY = "3f0c2b7e-1d4a-4c6b-8e9f-a0b1c2d3e4f5";
// Atlas's rate limits are off: these are load measurements.
const KEYS = ["--rate-limits", "off", "--public-key", PUBLIC_KEY, "--private-key", PRIVATE_KEY];

type Send = (authorization: string) => Promise<number>;

async function signedLoad(challengeHeader: string, send: Send, requests: number) {
  const sign = createLoadSigner(challengeHeader, PUBLIC_KEY, PRIVATE_KEY);
  return runLoad({
    requests,
    concurrency: 1,
    send: async () => {
      const status = await send(sign("POST", PATH));
      if (status !== 200) throw new Error(`answered ${status}`);
    },
  });
}

async function challengeOf(url: string): Promise<string> {
  const response = await fetch(url + PATH, { method: "POST" });
  await response.arrayBuffer();
  return response.headers.get("www-authenticate") ?? "";
}

export async function benchProxyAndInProcess(root: string, options: { requests: number }): Promise<Row[]> {
  const cli = join(root, "packages/mock/dist/cli.js");
  const mock: ChildServer = await startChildServer(process.execPath, [cli, "--port", "0", ...KEYS], root);
  const proxy: ChildServer = await startChildServer(
    process.execPath,
    [cli, "--port", "0", "--upstream", mock.url],
    root,
  );
  try {
    const overLoopback: Send = (authorization) =>
      post(mock.url + PATH, BODY, { Authorization: authorization });
    const throughProxy: Send = (authorization) =>
      post(proxy.url + PATH, BODY, { Authorization: authorization });
    await signedLoad(await challengeOf(mock.url), overLoopback, 100); // warm-up
    const direct = await signedLoad(await challengeOf(mock.url), overLoopback, options.requests);
    const proxied = await signedLoad(await challengeOf(proxy.url), throughProxy, options.requests);

    const { createAtlasMock } = (await import(
      pathToFileURL(join(root, "packages/mock/dist/index.js")).href
    )) as {
      createAtlasMock: (options: object) => Promise<{ fetch: typeof fetch }>;
    };
    const inProcess = await createAtlasMock({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      rateLimits: false,
    });
    const probe = await inProcess.fetch(`http://mock${PATH}`, { method: "POST" });
    const viaFetch: Send = async (authorization) => {
      const response = await inProcess.fetch(`http://mock${PATH}`, {
        method: "POST",
        headers: { Authorization: authorization, "Content-Type": "application/json" },
        body: BODY,
      });
      await response.arrayBuffer();
      return response.status;
    };
    await signedLoad(probe.headers.get("www-authenticate") ?? "", viaFetch, 100); // warm-up
    const probe2 = await inProcess.fetch(`http://mock${PATH}`, { method: "POST" });
    const local = await signedLoad(probe2.headers.get("www-authenticate") ?? "", viaFetch, options.requests);
    return [
      {
        benchmark: "validating proxy (signed POST, 1 in flight)",
        subject: "through the proxy to the mock",
        baseline: "straight to the mock",
        subjectFigure: `p50 ${proxied.p50Ms.toFixed(2)} ms (p99 ${proxied.p99Ms.toFixed(2)} ms)`,
        baselineFigure: `p50 ${direct.p50Ms.toFixed(2)} ms (p99 ${direct.p99Ms.toFixed(2)} ms)`,
        ratio: proxied.p50Ms / direct.p50Ms,
        target: "reported",
        met: null,
      },
      {
        benchmark: "in-process mock (signed POST, 1 in flight)",
        subject: "createAtlasMock().fetch",
        baseline: "the mock over loopback",
        subjectFigure: `${Math.round(local.rps)} calls/s`,
        baselineFigure: `${Math.round(direct.rps)} calls/s`,
        ratio: local.rps / direct.rps,
        target: "reported",
        met: null,
      },
    ];
  } finally {
    await proxy.stop();
    await mock.stop();
  }
}
