// The contract suite against a mock started on its own, as against a live organization: after the
// run, the organization holds no API key carrying the suite's marker, and the run said how many
// resources its teardown removed.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
const tmp = mkdtempSync(join(tmpdir(), "atlas-contract-teardown-"));
const ORG = "5980cfc70b6d12029d82e3f6";
const USER = "mockpublic:00000000-0000-4000-8000-000000000000";
const MARKER = "[atlas-contract-suite]";
let mock: ChildProcess | undefined;

afterAll(() => {
  mock?.kill("SIGTERM");
  rmSync(tmp, { recursive: true, force: true });
});

async function startMock(): Promise<string> {
  mock = spawn(process.execPath, [
    join(root, "packages/mock/dist/cli.js"),
    "--port",
    "0",
    "--rate-limits",
    "off",
  ]);
  return new Promise((resolve, reject) => {
    let out = "";
    mock?.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    mock?.once("exit", (code) => reject(new Error(`the mock exited with ${code}: ${out}`)));
  });
}

const keysWithMarker = (url: string): string[] => {
  const text = execFileSync(
    "curl",
    ["--silent", "--digest", "--user", USER, `${url}/orgs/${ORG}/apiKeys?itemsPerPage=500`],
    {
      encoding: "utf8",
    },
  );
  return (JSON.parse(text) as { results: { desc?: string }[] }).results
    .map((key) => key.desc ?? "")
    .filter((desc) => desc.includes(MARKER));
};

describe("the contract suite against a separately started mock", () => {
  it("leaves no API key with its marker behind, and counts what it removed", async () => {
    const url = await startMock();
    const run = spawnSync(
      process.execPath,
      [
        join(root, "packages/contract-tests/node_modules/vitest/vitest.mjs"),
        "run",
        "--project",
        "api-key",
        "test/success.test.ts",
        "test/documented-statuses.test.ts",
        "test/lifecycle.test.ts",
      ],
      {
        cwd: join(root, "packages/contract-tests"),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          ATLAS_CONTRACT_BASE_URL: url,
          ATLAS_CONTRACT_PUBLIC_KEY: USER.split(":")[0],
          ATLAS_CONTRACT_PRIVATE_KEY: USER.split(":")[1],
          ATLAS_CONTRACT_ORG_ID: ORG,
          ATLAS_CONTRACT_PRISM: "true",
          ATLAS_CONTRACT_ARTIFACTS: join(tmp, "artifacts"),
          ATLAS_TEST_RESULTS: join(tmp, "results.json"),
        },
      },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const removed = Number(/teardown removed (\d+) resources/.exec(run.stdout)?.[1]);
    expect(removed).toBeGreaterThan(0);
    expect(keysWithMarker(url)).toEqual([]);
  }, 170_000);
});
