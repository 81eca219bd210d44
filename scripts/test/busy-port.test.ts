// `npm start` with a port already taken: one line naming the port and what changes it, exit 1.
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
let holder: Server;
let busy: number;

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((done) => holder.listen(0, "127.0.0.1", done));
  busy = (holder.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((done) => holder.close(() => done())));

function run(script: string, args: string[], env: Record<string, string>) {
  const clean = { ...process.env };
  for (const key of ["ATLAS_MOCK_PORT", "ATLAS_DOCS_PORT", "PORT", "ATLAS_MOCK_HOST"]) delete clean[key];
  return spawnSync(process.execPath, [join(root, script), ...args], {
    env: { ...clean, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
}

function expectOneClearLine(stderr: string, ...names: string[]) {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`port ${busy}`);
  for (const name of names) expect(lines[0]).toContain(name);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe("scripts/serve.mjs", () => {
  it("stops with one line naming ATLAS_MOCK_PORT when the mock's port is taken", () => {
    const result = run("scripts/serve.mjs", [], { ATLAS_MOCK_PORT: String(busy), ATLAS_DOCS_PORT: "0" });
    expect(result.status).toBe(1);
    expectOneClearLine(result.stderr, "mock", "ATLAS_MOCK_PORT", "--port");
  });
  it("stops with one line naming ATLAS_DOCS_PORT when the page's port is taken", () => {
    const result = run("scripts/serve.mjs", [], { ATLAS_MOCK_PORT: "0", ATLAS_DOCS_PORT: String(busy) });
    expect(result.status).toBe(1);
    expectOneClearLine(result.stderr, "API reference", "ATLAS_DOCS_PORT", "--docs-port");
  });
  it("takes the ports from --port and --docs-port too", () => {
    const result = run("scripts/serve.mjs", ["--port", "0", "--docs-port", String(busy)], {});
    expect(result.status).toBe(1);
    expectOneClearLine(result.stderr, "ATLAS_DOCS_PORT");
  });
});

describe("packages/docs/scripts/serve-docs.mjs", () => {
  it("stops with one line naming ATLAS_DOCS_PORT and --port when its port is taken", () => {
    const result = run("packages/docs/scripts/serve-docs.mjs", ["--port", String(busy)], {});
    expect(result.status).toBe(1);
    expectOneClearLine(result.stderr, "ATLAS_DOCS_PORT", "--port");
  });
  it("reads ATLAS_DOCS_PORT", () => {
    const result = run("packages/docs/scripts/serve-docs.mjs", [], { ATLAS_DOCS_PORT: String(busy) });
    expect(result.status).toBe(1);
    expectOneClearLine(result.stderr, "ATLAS_DOCS_PORT");
  });
});
