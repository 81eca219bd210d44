/**
 * A run against a target it cannot use stops before any test with one line that says what to
 * check (the variables involved), ends without waiting on anything it opened, and leaves reports
 * that say it failed: JUnit with the error, no coverage matrix of an earlier run, run.json with
 * the line. The suite is run as its users run it (`vitest run --project …`) against the mock
 * started here, against nothing, and against servers that answer HTML or redirect.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningMock, startMock } from "@atlas-admin/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const vitest = join(createRequire(import.meta.url).resolve("vitest/package.json"), "..", "vitest.mjs");
const suite = fileURLToPath(new URL("../../", import.meta.url));
const orgId = "5980cfc70b6d12029d82e3f6";
const mockCredentials = {
  publicKey: "startpub",
  privateKey: "0b8d2c4e-6f10-4a3b-9c5d-7e9f1a2b3c4d",
  clientId: "mdb_sa_id_5a5a5a5a5a5a5a5a5a5a5a5a",
  clientSecret: "mdb_sa_sk_7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b",
};
let mock: RunningMock;
let html: Server;
let htmlUrl: string;
let redirecting: Server;
let redirectingUrl: string;
let closedUrl: string;
const folders: string[] = [];

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

beforeAll(async () => {
  mock = await startMock({ port: 0, host: "127.0.0.1", ...mockCredentials });
  html = createServer((_, response) =>
    response.writeHead(200, { "Content-Type": "text/html" }).end("<html></html>"),
  );
  htmlUrl = await listen(html);
  redirecting = createServer((_, response) =>
    response.writeHead(301, { Location: "http://127.0.0.2:9/elsewhere" }).end(),
  );
  redirectingUrl = await listen(redirecting);
  const closed = createServer();
  closedUrl = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  await mock.close();
  await new Promise((resolve) => html.close(resolve));
  await new Promise((resolve) => redirecting.close(resolve));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** The suite's target section run against `baseUrl` with these credentials, in a reports folder of its own. */
async function runSuite(baseUrl: string, credentials: Partial<typeof mockCredentials>) {
  const artifacts = mkdtempSync(join(tmpdir(), "contract-start-"));
  folders.push(artifacts);
  // An earlier run's matrix, which a failed start must not leave standing.
  writeFileSync(join(artifacts, "coverage.md"), "- api-key: passed — 239 passed\n");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ATLAS_CONTRACT_ARTIFACTS: artifacts,
    ATLAS_TEST_RESULTS: join(artifacts, "test-results.json"),
    ATLAS_CONTRACT_BASE_URL: baseUrl,
    ATLAS_CONTRACT_ORG_ID: orgId,
    ATLAS_CONTRACT_PUBLIC_KEY: credentials.publicKey ?? mockCredentials.publicKey,
    ATLAS_CONTRACT_PRIVATE_KEY: credentials.privateKey ?? mockCredentials.privateKey,
    ATLAS_CONTRACT_CLIENT_ID: credentials.clientId ?? mockCredentials.clientId,
    ATLAS_CONTRACT_CLIENT_SECRET: credentials.clientSecret ?? mockCredentials.clientSecret,
  };
  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [vitest, "run", "--project", "api-key", "--project", "service-account"],
      { cwd: suite, env, timeout: 120_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: stdout + stderr }),
    );
  });
  const read = (file: string) =>
    existsSync(join(artifacts, file)) ? readFileSync(join(artifacts, file), "utf8") : "";
  return {
    ...result,
    junit: read("junit.xml"),
    run: read("run.json"),
    coverage: existsSync(join(artifacts, "coverage.md")),
  };
}

describe("a target the run cannot use stops it before any test, saying what to check", () => {
  it.each([
    ["nothing listening", () => closedUrl, {}, /The target did not answer\. Check ATLAS_CONTRACT_BASE_URL\./],
    [
      "a server that answers HTML",
      () => htmlUrl,
      {},
      /does not answer as the Atlas Administration API does\. Check ATLAS_CONTRACT_BASE_URL\./,
    ],
    [
      "a server that redirects every request",
      () => redirectingUrl,
      {},
      /answered 301\. The target redirects, which the Atlas Administration API does not\. Check ATLAS_CONTRACT_BASE_URL\./,
    ],
    [
      "a wrong private key",
      () => mock.url,
      { privateKey: "00000000-0000-4000-8000-000000000000" },
      /answered 401\. The credentials were refused\. Check ATLAS_CONTRACT_PUBLIC_KEY and ATLAS_CONTRACT_PRIVATE_KEY\./,
    ],
    [
      "a wrong client secret",
      () => mock.url,
      { clientSecret: "mdb_sa_sk_000000000000000000000000000000000" },
      /The token endpoint refused the service account\. Check ATLAS_CONTRACT_CLIENT_ID and ATLAS_CONTRACT_CLIENT_SECRET\./,
    ],
  ])("%s", { timeout: 150_000 }, async (_, baseUrl, credentials, says) => {
    const result = await runSuite(baseUrl(), credentials);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/\[contract\] FAILED before any test/);
    expect(result.output).toMatch(says);
    // No test ran: the run stopped at its start rather than failing test by test.
    expect(result.output).not.toMatch(/✓|×/);
    // Everything the setup opened (the budget keeper) was closed: vitest did not have to give up waiting.
    expect(result.output).not.toMatch(/close timed out/);
    expect(result.junit).toMatch(/errors="1"/);
    expect(result.junit).toMatch(says);
    expect(JSON.parse(result.run).failed).toMatch(says);
    expect(result.coverage).toBe(false);
    for (const secret of [mockCredentials.privateKey, mockCredentials.clientSecret])
      expect(result.output + result.junit + result.run).not.toContain(secret);
  });
});
