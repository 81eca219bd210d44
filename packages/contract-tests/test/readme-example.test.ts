import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { API_KEYS, registerCreated, successStatus } from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";

const run = promisify(execFile);
const readme = fileURLToPath(new URL("../../../README.md", import.meta.url));
// Inside this package, so `@atlas-admin/client` resolves exactly as it does for a user.
const script = fileURLToPath(new URL("../.readme-example.mjs", import.meta.url));
const target = contractTarget();

async function readmeExample(): Promise<string> {
  const text = await readFile(readme, "utf8");
  const match = /<!-- readme-example[^>]*-->\s*```js\n([\s\S]*?)```/.exec(text);
  if (!match?.[1]) throw new Error("README.md has no ```js block after the readme-example marker");
  return match[1];
}

describe("the README's usage example", () => {
  afterAll(() => rm(script, { force: true }));

  it("runs as written against the target", async () => {
    await writeFile(script, await readmeExample());
    const { stdout } = await run(process.execPath, [script], {
      env: {
        ...process.env,
        ATLAS_BASE_URL: target.baseUrl,
        ATLAS_PUBLIC_KEY: target.publicKey,
        ATLAS_PRIVATE_KEY: target.privateKey,
        ATLAS_ORG_ID: target.orgId,
      },
    });
    // The key is the run's: removed in teardown like everything the suite creates.
    const id = /^Created API key (\S+)/.exec(stdout.trim())?.[1];
    if (id !== undefined)
      registerCreated("POST", API_KEYS, successStatus(API_KEYS), { orgId: target.orgId }, { id });
    expect(stdout.trim()).toMatch(/^Created API key [a-f0-9]{24} with public key [a-z]{8}$/);
  });
});
