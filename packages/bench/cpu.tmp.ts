import { join } from "node:path";
import { createAtlasAdminClient, type paths } from "@atlas-admin/client";
import createClient from "openapi-fetch";
import { startChildServer } from "./src/child-server.js";
const bench = "/work/wt-25/packages/bench";
const server = await startChildServer(process.execPath, ["--import", "tsx", join(bench, "src/servers/fixed-response-server.ts"), JSON.stringify({id:"5c47ba5127d9d61b9fd8a27b", desc:"bench key", publicKey:"zmmrboas", links:[], roles:[{orgId:"5980cfc70b6d12029d82e3f6", roleName:"ORG_MEMBER"}]}), "--challenge"], bench);
const atlas = createAtlasAdminClient({ baseUrl: server.url, publicKey: "benchpub", privateKey: "benchsecret" });
const PRE = 'Digest username="benchpub", realm="MMS Public API", nonce="benchnonce0123456789", uri="/orgs/5980cfc70b6d12029d82e3f6/apiKeys", qop=auth, nc=00000001, cnonce="0123456789abcdef", response="0123456789abcdef0123456789abcdef", algorithm=MD5';
const plain = createClient<paths>({ baseUrl: server.url, headers: { Authorization: PRE } });
const init = { params: { path: { orgId: "5980cfc70b6d12029d82e3f6" } }, body: { desc: "bench key", roles: ["ORG_MEMBER" as const] } };
const subjects = { client: () => atlas.POST("/orgs/{orgId}/apiKeys", init), plain: () => plain.POST("/orgs/{orgId}/apiKeys", init) };
const n = Number(process.argv[2] ?? 2000), c = Number(process.argv[3] ?? 1);
await subjects.client();
for (let round = 0; round < 3; round++) for (const [name, call] of Object.entries(subjects)) {
  const cpu = process.cpuUsage(); const t = performance.now(); let next = 0;
  await Promise.all(Array.from({ length: c }, async () => { while (next++ < n) { const { data } = await call(); if (!data) throw new Error(name); } }));
  const u = process.cpuUsage(cpu);
  console.log(name, "wall", ((performance.now() - t) * 1000 / n).toFixed(0), "cpu", ((u.user + u.system) / n).toFixed(0), "µs/call");
}
await server.stop();
