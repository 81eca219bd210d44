// `npm start` with a port already taken: one line naming the port and what changes it, exit 1.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
/** What `npm start` runs once everything is built: the part of `start:serve` after the build. */
const serveCommand = (
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts["start:serve"] as string
)
  .split("&&")
  .at(-1)
  ?.trim() as string;
let holder: Server;
let busy: number;

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((done) => holder.listen(0, "127.0.0.1", done));
  busy = (holder.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((done) => holder.close(() => done())));

function run(args: string[], env: Record<string, string>) {
  const clean = { ...process.env };
  for (const key of ["ATLAS_MOCK_PORT", "PORT", "ATLAS_MOCK_HOST"]) delete clean[key];
  return spawnSync("sh", ["-c", `${serveCommand} "$@"`, "serve", ...args], {
    cwd: root,
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

describe("npm start's server (the mock with the page)", () => {
  it("serves the mock with the reference page", () => {
    expect(serveCommand).toMatch(/^node packages\/mock\/dist\/cli\.js --docs-page \S+index\.html$/);
  });
  it("stops with one line naming ATLAS_MOCK_PORT and --port when the port is taken", () => {
    const result = run([], { ATLAS_MOCK_PORT: String(busy) });
    expect(result.status).toBe(1);
    expectOneClearLine(result.stderr, "ATLAS_MOCK_PORT", "--port");
  });
  it("takes the port from npm start -- --port too", () => {
    const result = run(["--port", String(busy)], {});
    expect(result.status).toBe(1);
    expectOneClearLine(result.stderr, "--port");
  });
});
