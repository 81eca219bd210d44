/**
 * The token cache across processes, as a CI job uses the client: many short processes, each
 * making one call with the same service account, against the mock on its default token limits
 * (10 token requests a minute per client). Runs the built client (dist) in child processes.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type RunningMock, startMock } from "@atlas-admin/mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCountingProxy } from "./helpers/counting-proxy.js";

const ONE_CALL = fileURLToPath(new URL("./helpers/one-call.mjs", import.meta.url));
const run = promisify(execFile);

let mock: RunningMock;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
let folder: string;
beforeEach(async () => {
  mock = await startMock({ port: 0, seed: 1 });
  proxy = await startCountingProxy(mock.url);
  folder = await mkdtemp(join(tmpdir(), "atlas-token-cache-"));
});
afterEach(async () => {
  await proxy.close();
  await mock.close();
  await rm(folder, { recursive: true, force: true });
});

/** One process, one call; its printed outcome. */
async function oneProcess(cachePath: string): Promise<{ status?: number; thrown?: string }> {
  const { stdout } = await run(process.execPath, [ONE_CALL, proxy.url, cachePath]).catch(
    (error: { stdout: string }) => error,
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

describe("a service account's token shared by short processes", () => {
  it("30 processes one after another with the file cache: all succeed, one token is issued", {
    timeout: 120_000,
  }, async () => {
    const cachePath = join(folder, "tokens.json");
    const outcomes = [];
    for (let i = 0; i < 30; i++) outcomes.push(await oneProcess(cachePath));
    expect(outcomes).toEqual(Array.from({ length: 30 }, () => ({ status: 200 })));
    expect(proxy.tokenStatuses).toEqual([200]);
  });

  it("without the cache, each process mints a token: past 10 in a minute they get 429 at the token endpoint", {
    timeout: 120_000,
  }, async () => {
    // Started together, so that the mock's bucket (10 a minute, refilled continuously: one more
    // every 6 s) cannot refill between them however slow the machine is.
    const outcomes = await Promise.all(Array.from({ length: 15 }, () => oneProcess("")));
    const refused = outcomes.filter((o) => o.thrown !== undefined);
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThanOrEqual(10);
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) expect(outcome).toMatchObject({ thrown: "AtlasTokenError", status: 429 });
    expect(proxy.tokenStatuses.filter((s) => s === 429)).toHaveLength(refused.length);
    expect(proxy.tokenStatuses).toHaveLength(15);
  });

  it("8 processes started at once with an empty cache: all succeed, at most one token request", {
    timeout: 120_000,
  }, async () => {
    const cachePath = join(folder, "tokens.json");
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => oneProcess(cachePath)));
    expect(outcomes).toEqual(Array.from({ length: 8 }, () => ({ status: 200 })));
    expect(proxy.tokenStatuses.length).toBeLessThanOrEqual(1);
  });
});
