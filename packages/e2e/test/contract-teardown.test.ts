// The contract suite against a mock started on its own with its default settings (Atlas's rate
// limits on), as against a live organization: a key with the suite's marker that an earlier run
// left is removed at the start; after the run, the organization holds no API key the suite
// created (listed with curl, not with the suite's own client), and the run said how many
// resources its teardown removed.
import { type ChildProcess, execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startMockCli } from "./helpers/mock-cli.js";

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
  const started = startMockCli();
  mock = started.child;
  return started.url;
}

const listKeys = (url: string): { id: string; desc?: string }[] => {
  const text = execFileSync(
    "curl",
    ["--silent", "--digest", "--user", USER, `${url}/orgs/${ORG}/apiKeys?itemsPerPage=500`],
    {
      encoding: "utf8",
    },
  );
  return (JSON.parse(text) as { results: { id: string; desc?: string }[] }).results;
};

const createKey = (url: string, desc: string): string => {
  const text = execFileSync(
    "curl",
    [
      "--silent",
      "--digest",
      "--user",
      USER,
      "--header",
      "Content-Type: application/json",
      "--data",
      JSON.stringify({ desc, roles: ["ORG_MEMBER"] }),
      `${url}/orgs/${ORG}/apiKeys`,
    ],
    { encoding: "utf8" },
  );
  return (JSON.parse(text) as { id: string }).id;
};

describe("the contract suite against a separately started mock", () => {
  it("leaves no API key with its marker behind, and counts what it removed", async () => {
    const url = await startMock();
    const earlier = createKey(url, `${MARKER} left by a killed run`);
    const unrelated = createKey(url, "a key of the organization's own");
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
    expect(run.stdout).toMatch(/an earlier run left 1 resources with the suite's marker; removed 1/);
    const left = listKeys(url);
    expect(left.map((key) => key.id)).toEqual([unrelated]);
    expect(left.map((key) => key.id)).not.toContain(earlier);
  }, 420_000);
});
