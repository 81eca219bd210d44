/**
 * Requests on the wire per call over 100 sequential calls, against a server whose Digest check is
 * the `http-auth` package: the client (nonce kept) against a Digest client that asks for a
 * challenge on every call, as MongoDB's Go SDK does (a fresh digest fetch per call).
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAtlasAdminClient, createDigestFetch } from "@atlas-admin/client";
import httpAuth from "http-auth";
import type { Row } from "./report.js";

const ORG_ID = "5980cfc70b6d12029d82e3f6";
const USER = "benchpub";
const PASSWORD = "bench-private-key";
const REALM = "MMS Public API";

export async function benchRoundTrips(calls = 100): Promise<Row> {
  const ha1 = createHash("md5").update(`${USER}:${REALM}:${PASSWORD}`).digest("hex");
  const auth = httpAuth.digest({ realm: REALM, qop: "auth", algorithm: "MD5" }, (user, done) =>
    done(user === USER ? ha1 : ""),
  );
  let onWire = 0;
  const server = createServer(
    auth.check((request, response) => {
      request.resume();
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify({ linkToken: "bench" }));
    }) as never,
  );
  server.on("request", () => {
    onWire++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const body = { accessListIps: ["203.0.113.7"] };
  try {
    const count = async (call: () => Promise<number>) => {
      onWire = 0;
      for (let i = 0; i < calls; i++) {
        const status = await call();
        if (status !== 200) throw new Error(`call ${i} answered ${status}`);
      }
      return onWire / calls;
    };
    const atlas = createAtlasAdminClient({ baseUrl, publicKey: USER, privateKey: PASSWORD });
    const client = await count(
      async () =>
        (
          await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
            params: { path: { orgId: ORG_ID } },
            body,
          })
        ).response.status,
    );
    const everyCall = await count(async () => {
      const fresh = createDigestFetch({ publicKey: USER, privateKey: PASSWORD });
      const response = await fresh(`${baseUrl}/orgs/${ORG_ID}/liveMigrations/linkTokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      return response.status;
    });
    return {
      benchmark: `round trips (${calls} sequential calls)`,
      subject: "client (nonce kept, nc counted)",
      baseline: "challenge on every call (Go SDK)",
      subjectFigure: `${client.toFixed(2)} requests/call`,
      baselineFigure: `${everyCall.toFixed(2)} requests/call`,
      ratio: client / everyCall,
      target: "client ≤ 1.02 req/call",
      met: client <= 1.02,
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
