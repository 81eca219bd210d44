// The client as a new user gets it: the tarballs `npm run pack` writes, installed with npm alone
// in an empty folder outside the workspace (no pnpm, no workspace links), with the command the
// client README's "Installed" section gives plus the TypeScript the repository pins. There, a
// program that copies an API key's organization roles into a new key compiles under
// `tsc --strict` without a cast, through the exported type guard; without the guard it does not
// compile; the package imports under plain Node; and the compiled program runs against the mock.
import { type ChildProcess, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startMockCli } from "./helpers/mock-cli.js";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
const project = realpathSync(mkdtempSync(join(tmpdir(), "atlas-installed-client-")));
const ORG = "5980cfc70b6d12029d82e3f6";
const MOCK_PUBLIC_KEY = "installedclient";
const MOCK_PRIVATE_KEY = randomUUID();
let mock: ChildProcess | undefined;

afterAll(() => {
  mock?.kill("SIGTERM");
  rmSync(project, { recursive: true, force: true });
});

type Manifest = { name: string; version: string; private?: boolean; dependencies?: Record<string, string> };
const manifestOf = (folder: string): Manifest =>
  JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
const workspace = new Map(
  readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => manifestOf(join(root, "packages", entry.name)))
    .map((manifest) => [manifest.name, manifest] as const),
);

/** The tarball `pnpm pack` names for a package: `@scope/name` at 1.2.3 → `scope-name-1.2.3.tgz`. */
const tarballOf = ({ name, version }: Manifest) =>
  `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;

/** The client and the workspace packages it depends on (transitively): what a user installs. */
function clientTarballs(): string[] {
  const found = new Map<string, Manifest>();
  const visit = (name: string) => {
    const manifest = workspace.get(name);
    if (!manifest) throw new Error(`no workspace package ${name}`);
    if (found.has(name)) return;
    found.set(name, manifest);
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {}))
      if (range.startsWith("workspace:")) visit(dependency);
  };
  visit("@atlas-admin/client");
  return [...found.values()].map(tarballOf);
}

/** The `npm install` line of the client README's "Installed" section, as words. */
function readmeInstallCommand(): string[] {
  const readme = readFileSync(join(root, "packages", "client", "README.md"), "utf8");
  const section = /^## Installed\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? "";
  const line = section.split("\n").find((text) => text.startsWith("npm install "));
  if (!line) throw new Error(`no \`npm install\` line in the README's "## Installed" section:\n${section}`);
  return line.trim().split(/\s+/);
}

// npm alone: none of the variables pnpm or `npm run` set (npm reads `npm_config_*` as its own
// configuration, e.g. `loglevel=silent`), and no PATH entry of the repository (its pnpm and bins).
const env: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env))
  if (value !== undefined && !/^(npm|pnpm)_/i.test(key)) env[key] = value;
env.PATH = [
  dirname(process.execPath),
  ...(process.env.PATH ?? "")
    .split(delimiter)
    .filter(
      (entry) =>
        entry &&
        !entry.startsWith(".") &&
        !entry.includes("node_modules") &&
        relative(root, entry).startsWith(".."),
    ),
].join(delimiter);

type Run = { status: number | null; stdout: string; stderr: string; output: string };
function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = [
    `$ ${command} ${args.join(" ")}  (in ${cwd})`,
    `exit ${result.status}${result.signal ? ` (${result.signal})` : ""}${result.error ? ` ${result.error.message}` : ""}`,
    `--- stdout ---\n${result.stdout}`,
    `--- stderr ---\n${result.stderr}`,
  ].join("\n");
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", output };
}

// The program a user writes: it reads an API key and creates another with the read key's
// organization roles. `roleName` is a string in the spec; the guard narrows it to the roles a
// new key accepts.
const GUARDED = "const roles = roleNames.filter(isOrganizationRoleName);";
const PROGRAM = `import { type AtlasAdminClient, type ApiKey, isOrganizationRoleName } from "@atlas-admin/client";

/** Creates a key in \`orgId\` with the organization roles of key \`apiUserId\`. */
export async function copyRoles(atlas: AtlasAdminClient, orgId: string, apiUserId: string): Promise<ApiKey> {
  const read = await atlas.GET("/orgs/{orgId}/apiKeys/{apiUserId}", {
    params: { path: { orgId, apiUserId } },
  });
  if (read.error) throw new Error(\`reading key \${apiUserId}: \${read.response.status} \${read.error.errorCode}\`);
  const roleNames: string[] = read.data.roles.flatMap((role) =>
    role.orgId === orgId && role.roleName !== undefined ? [role.roleName] : [],
  );
  ${GUARDED}
  const created = await atlas.POST("/orgs/{orgId}/apiKeys", {
    params: { path: { orgId } },
    body: { desc: \`roles of \${read.data.publicKey}\`, roles },
  });
  if (created.error) throw new Error(\`creating the key: \${created.response.status} \${created.error.errorCode}\`);
  return created.data;
}
`;
// The same program with the guard removed: the key's role names assigned as they are.
const UNGUARDED = PROGRAM.replace(GUARDED, "const roles = roleNames;").replace(
  "type ApiKey, isOrganizationRoleName }",
  "type ApiKey }",
);

// Runs the compiled program against the mock with the installed client (plain JavaScript, as
// `node` runs it; the credentials come from the environment).
const RUNNER = `import { createAtlasAdminClient } from "@atlas-admin/client";
import { copyRoles } from "./dist/roles-copy.js";

const [baseUrl, orgId] = process.argv.slice(2);
const atlas = createAtlasAdminClient({
  publicKey: process.env.MOCK_PUBLIC_KEY,
  privateKey: process.env.MOCK_PRIVATE_KEY,
  baseUrl,
});
const source = await atlas.POST("/orgs/{orgId}/apiKeys", {
  params: { path: { orgId } },
  body: { desc: "the key whose roles are copied", roles: ["ORG_MEMBER", "ORG_BILLING_ADMIN"] },
});
if (source.error) throw new Error(\`creating the source key: \${source.response.status} \${source.error.errorCode}\`);
const copy = await copyRoles(atlas, orgId, source.data.id);
const reread = await atlas.GET("/orgs/{orgId}/apiKeys/{apiUserId}", {
  params: { path: { orgId, apiUserId: copy.id } },
});
if (reread.error) throw new Error(\`reading the copy: \${reread.response.status} \${reread.error.errorCode}\`);
const names = (roles) => roles.map((role) => role.roleName).sort();
console.log(JSON.stringify({
  source: source.data.id,
  copy: copy.id,
  sourceRoles: names(source.data.roles),
  copyRoles: names(reread.data.roles),
}));
`;

const COMPILER = ["--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];
const tsc = (...args: string[]) =>
  run(
    process.execPath,
    [join(project, "node_modules", "typescript", "bin", "tsc"), ...COMPILER, ...args],
    project,
  );

async function startMock(): Promise<string> {
  const started = startMockCli({
    ...env,
    ATLAS_MOCK_PUBLIC_KEY: MOCK_PUBLIC_KEY,
    ATLAS_MOCK_PRIVATE_KEY: MOCK_PRIVATE_KEY,
  });
  mock = started.child;
  return started.url;
}

describe("the packed client installed with npm in an empty folder", () => {
  const expected = clientTarballs();
  let installed = false;

  it("the README's install command names the tarballs of the client and its workspace dependencies", () => {
    const [npm, install, ...tarballs] = readmeInstallCommand();
    expect([npm, install]).toEqual(["npm", "install"]);
    expect(tarballs.map((file) => file.replace(/^\.\//, "")).sort()).toEqual([...expected].sort());
  });

  it("installs from the tarballs `npm run pack` writes, with one npm install", () => {
    const pack = run(
      process.execPath,
      [join(root, "scripts", "bootstrap.mjs"), "--silent", "exec", "node", "scripts/pack.mjs"],
      root,
    );
    if (pack.status !== 0) {
      // The pack script keeps its builds' output to itself: the failing build's errors, again.
      const filters = [...workspace.values()]
        .filter((m) => m.private !== true)
        .map((m) => `--filter=${m.name}`);
      const build = run(
        process.execPath,
        [
          join(root, "scripts", "bootstrap.mjs"),
          "--silent",
          "exec",
          "turbo",
          "run",
          "build",
          ...filters,
          "--output-logs=errors-only",
        ],
        root,
      );
      expect.fail(`npm run pack failed:\n${pack.output}\n\nthe builds it runs:\n${build.output}`);
    }
    const lines = pack.stdout.trim().split("\n");
    const folder = lines.at(-1) ?? "";
    const written = readdirSync(folder).filter((file) => file.endsWith(".tgz"));
    expect(written, pack.output).toEqual(expect.arrayContaining(expected));
    for (const tarball of expected) copyFileSync(join(folder, tarball), join(project, tarball));

    const typescript = (
      JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest & {
        devDependencies: Record<string, string>;
      }
    ).devDependencies.typescript;
    expect(typescript, "the repository pins an exact TypeScript").toMatch(/^\d+\.\d+\.\d+$/);
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify({ name: "roles-copy", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
    );
    const [, , ...tarballs] = readmeInstallCommand();
    const install = run(
      "npm",
      [
        "install",
        ...tarballs,
        `typescript@${typescript}`,
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        "--loglevel=error",
      ],
      project,
    );
    expect(install.status, install.output).toBe(0);
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string; resolved?: string; link?: boolean }>;
    };
    for (const tarball of expected) {
      const name = [...workspace.values()].find((manifest) => tarballOf(manifest) === tarball)?.name;
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry?.link, `${name} is installed, not linked`).toBeUndefined();
      expect(entry?.version, `${name} in package-lock.json`).toBe(workspace.get(name ?? "")?.version);
    }
    expect(lock.packages["node_modules/typescript"]?.version).toBe(typescript);
    installed = true;
  }, 600_000);

  it("compiles a program that copies a key's organization roles, under tsc --strict, without a cast", () => {
    expect(installed, "the install failed (see above)").toBe(true);
    expect(PROGRAM).not.toMatch(/\bas\b|<[A-Z]\w*>\s*\w|!\./);
    writeFileSync(join(project, "roles-copy.ts"), PROGRAM);
    const check = tsc("--noEmit", "roles-copy.ts");
    expect(check.status, check.output).toBe(0);
  }, 120_000);

  it("does not compile with the guard removed: a role name is a string, not an organization role", () => {
    expect(installed, "the install failed (see above)").toBe(true);
    expect(UNGUARDED).not.toContain("isOrganizationRoleName");
    writeFileSync(join(project, "roles-copy-unguarded.ts"), UNGUARDED);
    const check = tsc("--noEmit", "roles-copy-unguarded.ts");
    expect(check.status, check.output).not.toBe(0);
    expect(check.stdout, check.output).toMatch(
      /roles-copy-unguarded\.ts\(\d+,\d+\): error TS2322: Type 'string\[\]' is not assignable to type '\("ORG_OWNER" \| /,
    );
    const errors = check.stdout.split("\n").filter((line) => /error TS\d+/.test(line));
    expect(errors, check.output).toHaveLength(1);
  }, 120_000);

  it("imports under plain Node from the installed folder", () => {
    expect(installed, "the install failed (see above)").toBe(true);
    const probe = run(
      process.execPath,
      [
        "-e",
        `import("@atlas-admin/client").then((m) => console.log(JSON.stringify({
          resolved: require.resolve("@atlas-admin/client"),
          createAtlasAdminClient: typeof m.createAtlasAdminClient,
          isOrganizationRoleName: typeof m.isOrganizationRoleName,
          roles: m.OrganizationRoleNameValues,
        })))`,
      ],
      project,
    );
    expect(probe.status, probe.output).toBe(0);
    const found = JSON.parse(probe.stdout);
    expect(found.resolved).toBe(join(project, "node_modules", "@atlas-admin", "client", "dist", "index.js"));
    expect(found.createAtlasAdminClient).toBe("function");
    expect(found.isOrganizationRoleName).toBe("function");
    expect(found.roles).toEqual(expect.arrayContaining(["ORG_OWNER", "ORG_MEMBER", "ORG_BILLING_ADMIN"]));
  }, 60_000);

  it("runs the compiled program against the mock: the new key has the read key's roles", async () => {
    expect(installed, "the install failed (see above)").toBe(true);
    writeFileSync(join(project, "roles-copy.ts"), PROGRAM);
    const emit = tsc("--outDir", "dist", "roles-copy.ts");
    expect(emit.status, emit.output).toBe(0);
    writeFileSync(join(project, "run.mjs"), RUNNER);
    const url = await startMock();
    const result = run(process.execPath, ["run.mjs", url, ORG], project, {
      MOCK_PUBLIC_KEY,
      MOCK_PRIVATE_KEY,
    });
    expect(result.status, result.output).toBe(0);
    const { source, copy, sourceRoles, copyRoles } = JSON.parse(result.stdout);
    expect(copy).not.toBe(source);
    expect(sourceRoles).toEqual(["ORG_BILLING_ADMIN", "ORG_MEMBER"]);
    expect(copyRoles).toEqual(sourceRoles);
  }, 120_000);
});
