/** Start-up: Prism's mocker gets faker's English build only, on first use (src/prism/lazy-modules.ts). */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const index = fileURLToPath(new URL("../dist/index.js", import.meta.url));

describe("faker at start-up", () => {
  it("loads no faker at start-up, and only its English locale when Prism first uses it", async () => {
    const script = `
      import { createRequire } from "node:module";
      const { startMock } = await import(${JSON.stringify(index)});
      // Faker's files actually loaded (its main entry is the mock's stand-in, src/prism/lazy-modules.ts).
      const fakerModules = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes("@faker-js") && !f.endsWith("/dist/cjs/index.js"));
      const mock = await startMock({ port: 0, dynamic: true });
      const atStart = fakerModules().length;
      // What Prism's mocker reads when it generates a value: \`require("@faker-js/faker").default\`.
      const prismRequire = createRequire(createRequire(${JSON.stringify(index)}).resolve("@stoplight/prism-http"));
      const name = prismRequire("@faker-js/faker").default.name.firstName();
      if (typeof name !== "string" || name === "") throw new Error("faker generated no name");
      const loaded = fakerModules();
      const locales = new Set(loaded.map((f) => /\\/locales?\\/([^/]+)/.exec(f)?.[1]).filter(Boolean));
      await mock.close();
      console.log(JSON.stringify({ atStart, modules: loaded.length, locales: [...locales] }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script]);
    const { atStart, modules, locales } = JSON.parse(stdout) as {
      atStart: number;
      modules: number;
      locales: string[];
    };
    expect(atStart).toBe(0);
    expect(modules).toBeGreaterThan(0);
    expect(new Set(locales.map((l) => l.replace(/\.js$/, "")))).toEqual(new Set(["en"]));
  });
});
