import createClient from "openapi-fetch";
import { createAtlasAdminClient } from "../../client/src/index.js";
import { startChildServer } from "./child-server.js";
import { runLoad } from "./load.js";
const ORG_ID = "5980cfc70b6d12029d82e3f6";
const BODY = { desc: "bench key", roles: ["ORG_MEMBER" as const] };
const body = JSON.stringify({ id: "5c47ba5127d9d61b9fd8a27b", desc: "bench key", publicKey: "zmmrboas", privateKey: "88e33af4-8d0c-4f5f-9a04-db2c132ca78d", links: [], roles: [{ orgId: ORG_ID, roleName: "ORG_MEMBER" }] });
const server = await startChildServer(process.execPath, ["--import", "tsx", "src/servers/fixed-response-server.ts", body, "--challenge"], process.cwd());
const atlas = createAtlasAdminClient({ baseUrl: server.url, publicKey: "benchpub", privateKey: "benchsecret" });
const plain = createClient<any>({ baseUrl: server.url, headers: { Authorization: 'Digest username="x"' } });
const viaClient = async () => { const { data } = await atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId: ORG_ID } }, body: BODY }); if (!data) throw new Error("x"); };
const viaPlain = async () => { const { data } = await plain.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId: ORG_ID } }, body: BODY }); if (!data) throw new Error("x"); };
await viaClient();
let bc = Infinity, bp = Infinity;
for (let round = 0; round < 12; round++) {
  const c = await runLoad({ requests: 400, concurrency: 1, send: viaClient });
  const p = await runLoad({ requests: 400, concurrency: 1, send: viaPlain });
  bc = Math.min(bc, 1e6 / c.rps); bp = Math.min(bp, 1e6 / p.rps);
}
console.log(`${process.env.EXP ?? "base"}: client ${bc.toFixed(0)} µs, plain ${bp.toFixed(0)} µs, ratio ${(bc / bp).toFixed(3)}`);
await server.stop();
