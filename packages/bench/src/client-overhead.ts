/**
 * The client (Digest nonce warm) against raw fetch sending the same request with a precomputed
 * Authorization header, to the same loopback server returning the same bytes.
 */
import { join } from "node:path";
import { createAtlasAdminClient } from "@atlas-admin/client";
import { startChildServer } from "./child-server.js";
import { interleaved, runLoad } from "./load.js";
import type { Row } from "./report.js";

const ORG_ID = "5980cfc70b6d12029d82e3f6";
const BODY = { desc: "bench key", roles: ["ORG_MEMBER" as const] };
const PRECOMPUTED =
  'Digest username="benchpub", realm="MMS Public API", nonce="benchnonce0123456789", uri="/orgs/5980cfc70b6d12029d82e3f6/apiKeys", qop=auth, nc=00000001, cnonce="0123456789abcdef", response="0123456789abcdef0123456789abcdef", algorithm=MD5';

export async function benchClientOverhead(
  root: string,
  options: { calls: number; rounds: number },
): Promise<Row[]> {
  const bench = join(root, "packages/bench");
  const responseBody = JSON.stringify({
    id: "5c47ba5127d9d61b9fd8a27b",
    desc: "bench key",
    publicKey: "zmmrboas",
    privateKey: "88e33af4-8d0c-4f5f-9a04-db2c132ca78d",
    links: [],
    roles: [{ orgId: ORG_ID, roleName: "ORG_MEMBER" }],
  });
  const server = await startChildServer(
    process.execPath,
    ["--import", "tsx", join(bench, "src/servers/fixed-response-server.ts"), responseBody, "--challenge"],
    bench,
  );
  try {
    const atlas = createAtlasAdminClient({
      baseUrl: server.url,
      publicKey: "benchpub",
      privateKey: "benchsecret",
    });
    const viaClient = async () => {
      const { data } = await atlas.POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId: ORG_ID } },
        body: BODY,
      });
      if (!data) throw new Error("client call failed");
    };
    const url = `${server.url}/orgs/${ORG_ID}/apiKeys`;
    const text = JSON.stringify(BODY);
    const viaRawFetch = async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { Authorization: PRECOMPUTED, "Content-Type": "application/json" },
        body: text,
      });
      if (response.status !== 200) throw new Error(`raw fetch got ${response.status}`);
      await response.json();
    };
    await viaClient(); // warms the nonce: every later client call is one signed request
    const load = (send: () => Promise<void>, concurrency: number) => () =>
      runLoad({ requests: options.calls, concurrency, send });
    await interleaved(1, { client: load(viaClient, 16), raw: load(viaRawFetch, 16) });

    const rows: Row[] = [];
    for (const concurrency of [1, 16]) {
      const best = await interleaved(options.rounds, {
        client: load(viaClient, concurrency),
        raw: load(viaRawFetch, concurrency),
      });
      const clientUs = 1e6 / best.client.rps;
      const rawUs = 1e6 / best.raw.rps;
      const ratio = clientUs / rawUs;
      rows.push({
        benchmark: `client overhead (${concurrency === 1 ? "sequential" : "16 in flight"})`,
        subject: "client, nonce warm",
        baseline: "raw fetch, precomputed header",
        subjectFigure: `${clientUs.toFixed(0)} µs/call (+${(clientUs - rawUs).toFixed(0)} µs)`,
        baselineFigure: `${rawUs.toFixed(0)} µs/call`,
        ratio,
        target: concurrency === 1 ? "≤ 1.10" : "—",
        met: concurrency === 1 ? ratio <= 1.1 : null,
      });
    }
    return rows;
  } finally {
    await server.stop();
  }
}
