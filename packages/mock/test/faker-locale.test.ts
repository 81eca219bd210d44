/** Start-up: Prism's mocker gets faker's English build only (src/prism/english-faker.ts). */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const index = fileURLToPath(new URL("../dist/index.js", import.meta.url));

describe("faker at start-up", () => {
  it("loads no faker locale but English (dynamic mocking is tested in mock-responses)", async () => {
    const script = `
      import { createRequire } from "node:module";
      const { startMock } = await import(${JSON.stringify(index)});
      const mock = await startMock({ port: 0, dynamic: true });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes("@faker-js"));
      const locales = new Set(loaded.map((f) => /\\/locales?\\/([^/]+)/.exec(f)?.[1]).filter(Boolean));
      await mock.close();
      console.log(JSON.stringify({ modules: loaded.length, locales: [...locales] }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script]);
    const { modules, locales } = JSON.parse(stdout) as { modules: number; locales: string[] };
    expect(modules).toBeGreaterThan(0);
    expect(new Set(locales.map((l) => l.replace(/\.js$/, "")))).toEqual(new Set(["en"]));
  });
});
