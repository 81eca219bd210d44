/**
 * The published types compile on their own in a strict project with `skipLibCheck: false`: none
 * of the modules `dist/index.d.ts` reaches imports Prism's types (which pull pino's, untyped).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const index = fileURLToPath(new URL("../dist/index.d.ts", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

it("dist/index.d.ts compiles with skipLibCheck false", { timeout: 60_000 }, async () => {
  if (!existsSync(index)) throw new Error(`${index} is missing: build the mock first.`);
  const dir = await mkdtemp(join(tmpdir(), "mock-types-"));
  try {
    await writeFile(
      join(dir, "use.ts"),
      `import { createAtlasMock, type MockOptions, OPTIONS, startMock } from ${JSON.stringify(index.replace(/\.d\.ts$/, ".js"))};
const options: MockOptions = { port: 0, maxConnections: OPTIONS.maxConnections.default };
void startMock(options);
void createAtlasMock({ seed: 1 });
`,
    );
    const config = {
      compilerOptions: {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ["node"],
        typeRoots: [fileURLToPath(new URL("../node_modules/@types", import.meta.url))],
      },
      files: ["use.ts"],
    };
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify(config));
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", dir]).catch(
      (error: { stdout?: string; stderr?: string }) => error,
    );
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
