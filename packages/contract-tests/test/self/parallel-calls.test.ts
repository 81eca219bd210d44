/**
 * A burst from one client against the mock started as its users start it, with no flags but a
 * free port: 3,000 calls in flight at once, spread over 30 organizations (100 each, inside
 * Atlas's per-organization budget, so that the rate limit is not what this tests). Every call is
 * answered 200 on the client's one Digest nonce (the mock's replay window holds 8,192 counters,
 * RFC 7616 §3.3): no connection is reset, none refused as a replay. The mock's resident memory
 * after the burst is reported.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { createAtlasAdminClient } from "@atlas-admin/client";
import { DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY } from "@atlas-admin/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CALLS = 3000;
const ORGS = Array.from({ length: 30 }, (_, i) => `5980cfc70b6d12029d82e3${i.toString(16).padStart(2, "0")}`);
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  const manifest = createRequire(import.meta.url).resolve("@atlas-admin/mock/package.json");
  const { bin } = createRequire(import.meta.url)(manifest) as { bin: Record<string, string> };
  const cli = join(dirname(manifest), Object.values(bin)[0] as string);
  const { PORT: _port, ...env } = process.env;
  for (const name of Object.keys(env)) if (name.startsWith("ATLAS_MOCK_")) delete env[name];
  child = spawn(process.execPath, [cli, "--port", "0"], { env, stdio: ["ignore", "pipe", "inherit"] });
  url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`the mock exited with ${code}: ${output}`)));
  });
}, 60_000);
afterAll(async () => {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
});

describe("one client, many calls in flight", () => {
  it(`${CALLS} parallel calls on the mock's defaults all answer 200`, { timeout: 120_000 }, async () => {
    const atlas = createAtlasAdminClient({
      baseUrl: url,
      publicKey: DEFAULT_PUBLIC_KEY,
      privateKey: DEFAULT_PRIVATE_KEY,
    });
    const statuses = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        atlas
          .GET("/orgs/{orgId}/apiKeys", {
            params: { path: { orgId: ORGS[i % ORGS.length] as string }, query: { itemsPerPage: 1 } },
          })
          .then(
            ({ response }) => String(response.status),
            (error: Error) => error.name,
          ),
      ),
    );
    const counts = statuses.reduce<Record<string, number>>((all, status) => {
      all[status] = (all[status] ?? 0) + 1;
      return all;
    }, {});
    const { stdout } = await promisify(execFile)("ps", ["-o", "rss=", "-p", String(child.pid)]);
    console.log(
      `[parallel-calls] ${CALLS} calls: ${JSON.stringify(counts)}; mock RSS after the burst: ${Math.round(Number(stdout.trim()) / 1024)} MiB`,
    );
    expect(counts).toEqual({ 200: CALLS });
  });
});
