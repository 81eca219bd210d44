/**
 * The client (Digest nonce warm) against two baselines sending the same request to the same
 * loopback server returning the same bytes: raw fetch with a precomputed Authorization header, and
 * plain openapi-fetch with that header as a static header (what the client adds Digest, the
 * deadline and the 429 retry to).
 */
import { join } from "node:path";
import { createAtlasAdminClient, type paths } from "@atlas-admin/client";
import createClient from "openapi-fetch";
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
    const plain = createClient<paths>({
      baseUrl: server.url,
      headers: { Authorization: PRECOMPUTED },
    });
    const viaOpenapiFetch = async () => {
      const { data } = await plain.POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId: ORG_ID } },
        body: BODY,
      });
      if (!data) throw new Error("openapi-fetch call failed");
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
    const subjects = (concurrency: number) => ({
      client: load(viaClient, concurrency),
      openapiFetch: load(viaOpenapiFetch, concurrency),
      raw: load(viaRawFetch, concurrency),
    });
    await interleaved(1, subjects(16));

    const rows: Row[] = [];
    for (const concurrency of [1, 16]) {
      const best = await interleaved(options.rounds, subjects(concurrency));
      const clientUs = 1e6 / best.client.rps;
      const rawUs = 1e6 / best.raw.rps;
      const plainUs = 1e6 / best.openapiFetch.rps;
      const sequential = concurrency === 1;
      const benchmark = `client overhead (${sequential ? "sequential" : "16 in flight"})`;
      const subjectFigure = `${clientUs.toFixed(0)} µs/call`;
      rows.push(
        {
          benchmark,
          subject: "client, nonce warm",
          baseline: "raw fetch, precomputed header",
          subjectFigure: `${subjectFigure} (+${(clientUs - rawUs).toFixed(0)} µs)`,
          baselineFigure: `${rawUs.toFixed(0)} µs/call`,
          ratio: clientUs / rawUs,
          target: "—",
          met: null,
        },
        {
          benchmark,
          subject: "client, nonce warm",
          baseline: "plain openapi-fetch, static Authorization",
          subjectFigure,
          baselineFigure: `${plainUs.toFixed(0)} µs/call (${(plainUs / rawUs).toFixed(2)}× raw)`,
          ratio: clientUs / plainUs,
          target: "≤ 1.15",
          met: clientUs / plainUs <= 1.15,
        },
      );
    }
    return rows;
  } finally {
    await server.stop();
  }
}
