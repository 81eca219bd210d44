/**
 * The packages as users install them: `pnpm pack` of @atlas-admin/client, /digest, /types and
 * /mock (from the `dist/` the build made: packing here never rebuilds what other tests use),
 * `npm install` of the tarballs into an empty project, then the README's example compiled there
 * under `tsc --strict` (nodenext and bundler resolution), run as ESM against the installed mock's
 * command, the in-process mock imported, and the client
 * `require()`d from CommonJS. attw checks the client tarball's types.
 */
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const packagesDir = fileURLToPath(new URL("../../../", import.meta.url));
const readme = fileURLToPath(new URL("../../../../README.md", import.meta.url));
const tsc = require.resolve("typescript/bin/tsc");
const attw = join(require.resolve("@arethetypeswrong/cli/package.json"), "..", "dist", "index.js");
// npm installs the tarballs and their registry dependencies (Prism's among them): minutes on a
// busy machine with a cold cache.
const TIMEOUT = 600_000;

/** pnpm from PATH, as turbo needs it too (pnpm rewrites `workspace:` ranges when packing; npm does not). */
const pnpm = (args: string[], cwd: string) => run("pnpm", args, { cwd, maxBuffer: 16 * 1024 * 1024 });

async function readmeExample(): Promise<string> {
  const text = await readFile(readme, "utf8");
  const match = /<!-- readme-example[^>]*-->\s*```js\n([\s\S]*?)```/.exec(text);
  if (!match?.[1]) throw new Error("README.md has no ```js block after the readme-example marker");
  return match[1];
}

const versionOf = (name: string) =>
  (JSON.parse(readFileSync(join(packagesDir, name, "package.json"), "utf8")) as { version: string }).version;
const clientTarball = `atlas-admin-client-${versionOf("client")}.tgz`;
const digestTarball = `atlas-admin-digest-${versionOf("digest")}.tgz`;
const typesTarball = `atlas-admin-types-${versionOf("types")}.tgz`;
const mockTarball = `atlas-admin-mock-${versionOf("mock")}.tgz`;
const mockReadme = fileURLToPath(new URL("../../../mock/README.md", import.meta.url));

let project: string;

function withoutKeys(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ATLAS_PUBLIC_KEY: _public, ATLAS_PRIVATE_KEY: _private, ...rest } = env;
  return rest;
}
let tarballs: string[];

/** The file an installed package's `bin` entry runs. */
function installedBin(name: string, command: string): string {
  const folder = join(project, "node_modules", name);
  const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as {
    bin: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[command];
  if (bin === undefined) throw new Error(`${name} has no bin named ${command}`);
  return join(folder, bin);
}

describe("the packed client, installed in an empty project", () => {
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), "atlas-client-install-"));
    for (const name of ["types", "digest", "client", "mock"]) {
      await pnpm(
        ["--config.ignore-scripts=true", "pack", "--pack-destination", project],
        join(packagesDir, name),
      );
    }
    tarballs = (await readdir(project)).filter((f) => f.endsWith(".tgz")).sort();
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({ name: "empty-project", private: true, type: "module" }),
    );
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--loglevel=error",
        ...tarballs.map((t) => `./${t}`),
        "@types/node@20.19.43",
      ],
      { cwd: project },
    );
    await writeFile(join(project, "example.ts"), await readmeExample());
    await writeFile(join(project, "example.mjs"), await readmeExample());
  }, TIMEOUT);

  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it("packs the client and its two workspace dependencies with their built dist/", async () => {
    expect(tarballs).toEqual([clientTarball, digestTarball, mockTarball, typesTarball]);
    const installed = JSON.parse(
      await readFile(join(project, "node_modules/@atlas-admin/client/package.json"), "utf8"),
    );
    expect(installed.dependencies["@atlas-admin/digest"]).toBe(versionOf("digest"));
    expect(installed.dependencies["@atlas-admin/types"]).toBe(versionOf("types"));
    const dist = await readdir(join(project, "node_modules/@atlas-admin/client/dist"));
    expect(dist).toContain("index.js");
    expect(dist).toContain("index.d.ts");
  });

  it.each([
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
  ])("the README example compiles under tsc --strict with %s resolution", async (_, resolution) => {
    const tsconfig = {
      compilerOptions: { ...resolution, target: "es2022", strict: true, noEmit: true, types: ["node"] },
      files: ["example.ts"],
    };
    await writeFile(join(project, `tsconfig.${_}.json`), JSON.stringify(tsconfig));
    const result = await run(process.execPath, [tsc, "-p", `tsconfig.${_}.json`], { cwd: project }).catch(
      (error: { stdout?: string; stderr?: string }) => error,
    );
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  });

  it("require() from CommonJS loads it (Node ≥ 20.19 loads ES modules synchronously)", async () => {
    const script = join(project, "require.cjs");
    await writeFile(
      script,
      'const client = require("@atlas-admin/client");\nconsole.log(typeof client.createAtlasAdminClient, typeof client.AtlasTimeoutError);\n',
    );
    const { stdout } = await run(process.execPath, [script], { cwd: project });
    expect(stdout.trim()).toBe("function function");
  });

  it("arethetypeswrong finds no problem in the tarball (ESM-only profile)", async () => {
    const tarball = join(project, clientTarball);
    const result = await run(process.execPath, [
      attw,
      tarball,
      "--profile",
      "esm-only",
      "--format",
      "ascii",
    ]).catch((error: { stdout?: string; stderr?: string; code?: number }) => error);
    expect({ code: "code" in result ? result.code : 0, output: result.stdout }).toMatchObject({ code: 0 });
  });

  it("`npx atlas-admin-mock --help` lists exactly the flags of the mock README's table", async () => {
    const { stdout } = await run("npx", ["--no-install", "atlas-admin-mock", "--help"], { cwd: project });
    const documented = [...(await readFile(mockReadme, "utf8")).matchAll(/^\| `(--[a-z-]+)/gm)].map(
      (m) => m[1],
    );
    expect(documented.length).toBeGreaterThan(20);
    for (const flag of documented) expect(stdout).toContain(flag as string);
    const listed = [...stdout.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(documented));
  });

  it("the installed `atlas-admin-mock` command serves its spec, and the README example runs against it", async () => {
    // The command itself, as npx would run it: npx does not pass SIGTERM on to the mock it
    // starts, so stopping npx would leave the mock running after the test.
    const child = spawn(
      process.execPath,
      [installedBin("@atlas-admin/mock", "atlas-admin-mock"), "--port", "0"],
      {
        cwd: project,
      },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`atlas-admin-mock exited ${code}: ${out}`)));
      });
      const { stdout } = await run(process.execPath, ["example.mjs"], {
        cwd: project,
        // The example's defaults are the mock's default key pair.
        env: withoutKeys({ ...process.env, ATLAS_BASE_URL: url }),
      });
      expect(stdout.trim()).toMatch(/^Created API key [0-9a-f]{24} with public key [a-z]{8}$/);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("the in-process mock works from the installed package", async () => {
    const script = join(project, "in-process.mjs");
    await writeFile(
      script,
      `import { createAtlasMock } from "@atlas-admin/mock";
const mock = await createAtlasMock();
const response = await mock.fetch("http://atlas.mock/api/atlas/v1.0/orgs/5980cfc70b6d12029d82e3f6/apiKeys");
console.log(response.status, response.headers.get("www-authenticate")?.split(" ")[0]);
`,
    );
    const { stdout } = await run(process.execPath, [script], { cwd: project });
    expect(stdout.trim()).toBe("401 Digest");
  });
});
