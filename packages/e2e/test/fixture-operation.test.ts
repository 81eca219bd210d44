// Proof that a new operation is picked up from the spec alone: a copy of the spec gets a fixture
// operation (a new path with a body, a query parameter and its own 400 codes), and the chain runs
// on the copy — lint and bundle, generate types, build the client, serve the mock and run the
// contract suite against it, build the page, find the operation on it in Chromium and send it
// from its try-it panel — with zero edits to code. Only environment variables point the packages
// at the copy:
//   ATLAS_SPEC_BUNDLE           the copy's bundle (the suites' test setup, mock, type generator, page builder)
//   ATLAS_TYPES_GENERATED_DIR   where the type generator writes (a copy of @atlas-admin/types)
//   ATLAS_DOCS_DIST             the page the browser test opens
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
const fixture = join(root, "packages", "e2e", "test", "fixtures", "fixture-operation");
const tmp = mkdtempSync(join(tmpdir(), "atlas-fixture-operation-"));
const specCopy = join(tmp, "spec");
const bundle = join(specCopy, "dist", "openapi.json");
const clientCopy = join(tmp, "packages", "client");
const typesCopy = join(tmp, "packages", "types");
const docsDist = join(tmp, "docs");
const OPERATION_ID = "createFixtureWidget";
const PATH = "/orgs/{orgId}/fixtureWidgets";

const redocly = join(root, "spec", "node_modules", "@redocly", "cli", "bin", "cli.js");
const tsc = join(root, "packages", "client", "node_modules", "typescript", "bin", "tsc");
const vitest = (pkg: string) => join(root, "packages", pkg, "node_modules", "vitest", "vitest.mjs");
const env = {
  ...process.env,
  ATLAS_SPEC_BUNDLE: bundle,
  ATLAS_CONTRACT_RUNS: "100",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
};
delete (env as Record<string, string | undefined>).ATLAS_CONTRACT_BASE_URL;

/** Runs one step of the chain with node, prints what it did and how long it took. */
function step(what: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`[fixture-operation] ${what}: exit ${result.status} in ${seconds} s`);
  if (result.status !== 0) throw new Error(`${what} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function git(...args: string[]) {
  return spawnSync("git", args, { cwd: root, encoding: "utf8" }).stdout;
}

type Report = { testResults: { assertionResults: { fullName: string; status: string }[] }[] };
const passed = (file: string) =>
  (JSON.parse(readFileSync(file, "utf8")) as Report).testResults
    .flatMap((r) => r.assertionResults)
    .filter((a) => a.status === "passed")
    .map((a) => a.fullName);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A package copy's node_modules: links to the real one's entries, with @atlas-admin/types the copy. */
function linkDependencies(real: string, copy: string) {
  mkdirSync(join(copy, "@atlas-admin"), { recursive: true });
  for (const entry of readdirSync(real)) {
    if (entry !== "@atlas-admin") symlinkSync(join(real, entry), join(copy, entry), "dir");
  }
  for (const entry of existsSync(join(real, "@atlas-admin")) ? readdirSync(join(real, "@atlas-admin")) : []) {
    const target = entry === "types" ? typesCopy : join(real, "@atlas-admin", entry);
    symlinkSync(target, join(copy, "@atlas-admin", entry), "dir");
  }
}

describe("a fixture operation added to a copy of the spec goes through the whole chain with no code edit", () => {
  const codeBefore = git("status", "--porcelain", "--untracked-files=all", "--", ".", ":!**/artifacts/**");

  it("lints, bundles, generates, builds, mocks, contract-tests and documents it", () => {
    // 1. The copy of the spec, with the fixture operation: spec files only.
    cpSync(join(root, "spec", "src"), join(specCopy, "src"), { recursive: true });
    cpSync(join(root, "spec", "redocly.yaml"), join(specCopy, "redocly.yaml"));
    cpSync(fixture, join(specCopy, "src"), { recursive: true });
    const index = join(specCopy, "src", "openapi.yaml");
    writeFileSync(
      index,
      readFileSync(index, "utf8")
        .replace("paths:\n", `paths:\n  ${PATH}:\n    $ref: paths/orgs_{orgId}_fixtureWidgets.yaml\n`)
        .replace(
          "tags:\n",
          "tags:\n  - name: Fixture Widgets\n    description: A fixture operation added by the proof test.\n",
        ),
    );
    console.log(`[fixture-operation] copied spec/src to ${specCopy} and added POST ${PATH}`);

    // 2. Lint and bundle the copy with the pinned Redocly CLI.
    step("redocly lint", [redocly, "lint", "--config", "redocly.yaml", "src/openapi.yaml"], specCopy);
    for (const ext of ["yaml", "json"]) {
      step(
        `redocly bundle (${ext})`,
        [
          redocly,
          "bundle",
          "src/openapi.yaml",
          "--config",
          "redocly.yaml",
          "--ext",
          ext,
          "--output",
          `dist/openapi.${ext}`,
        ],
        specCopy,
      );
    }

    // The x-atlas-error mappings of the copy name codes its 400 examples show (@atlas-admin/spec-kit).
    step(
      "check the error-code mappings",
      [
        "--input-type=module",
        "-e",
        `import { checkErrorMappings, loadSpec } from ${JSON.stringify(join(root, "packages", "spec-kit", "dist", "index.js"))};
const problems = checkErrorMappings(loadSpec(${JSON.stringify(bundle)}));
if (problems.length > 0) { console.error(problems.join("\\n")); process.exit(1); }`,
      ],
      root,
    );

    // 3. Generate the types into a copy of @atlas-admin/types, build it, and build a copy of the
    // client that resolves @atlas-admin/types to that copy.
    cpSync(join(root, "tsconfig.base.json"), join(tmp, "tsconfig.base.json"));
    for (const [name, copy] of [
      ["types", typesCopy],
      ["client", clientCopy],
    ] as const) {
      cpSync(join(root, "packages", name, "src"), join(copy, "src"), { recursive: true });
      for (const file of ["package.json", "tsconfig.json", "tsconfig.build.json"])
        cpSync(join(root, "packages", name, file), join(copy, file));
      linkDependencies(join(root, "packages", name, "node_modules"), join(copy, "node_modules"));
    }
    step("generate types", [join(root, "packages", "types", "scripts", "generate-types.mjs")], root, {
      ATLAS_TYPES_GENERATED_DIR: join(typesCopy, "src", "generated"),
    });
    step("build the types (tsc)", [tsc, "-p", "tsconfig.build.json"], typesCopy);
    step("build the client (tsc)", [tsc, "-p", "tsconfig.build.json"], clientCopy);
    const aliases = readFileSync(join(typesCopy, "dist", "generated", "operations.gen.d.ts"), "utf8");
    expect(aliases).toContain("CreateFixtureWidgetRequestBody");
    // The new operation is typed: a call with its body and query parameter compiles…
    writeFileSync(
      join(clientCopy, "src", "fixture-usage.ts"),
      `import { createAtlasAdminClient, type CreateFixtureWidgetRequestBody, type CreateFixtureWidgetResponse } from "./index.js";
const atlas = createAtlasAdminClient({ publicKey: "p", privateKey: "k" });
const body: CreateFixtureWidgetRequestBody = { name: "gadget", size: 3 };
export const created: Promise<CreateFixtureWidgetResponse | undefined> = atlas
  .POST("${PATH}", { params: { path: { orgId: "x" }, query: { dryRun: true } }, body })
  .then((r) => r.data);
`,
    );
    step(
      "type-check a call of the new operation",
      [tsc, "-p", "tsconfig.build.json", "--noEmit"],
      clientCopy,
    );
    // …and a body of the wrong type does not.
    writeFileSync(
      join(clientCopy, "src", "fixture-usage.ts"),
      `import type { CreateFixtureWidgetRequestBody } from "./index.js";\nexport const body: CreateFixtureWidgetRequestBody = { name: 3 };\n`,
    );
    const wrong = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--noEmit"], {
      cwd: clientCopy,
      encoding: "utf8",
    });
    expect(wrong.status).not.toBe(0);

    // 4. Serve the copy with the mock and run the contract suite against it.
    const contract = join(tmp, "contract-results.json");
    step(
      "contract suite against the mock serving the copy",
      [
        vitest("contract-tests"),
        "run",
        // One way to authenticate is enough to show the operation went through the suite.
        "--project",
        "api-key",
        "test/success.test.ts",
        "test/constraints.test.ts",
        "test/documented-statuses.test.ts",
        "test/property-based.test.ts",
      ],
      join(root, "packages", "contract-tests"),
      { ATLAS_TEST_RESULTS: contract, ATLAS_CONTRACT_ARTIFACTS: join(tmp, "contract-artifacts") },
    );
    const exercised = passed(contract).filter((name) => name.includes(PATH));
    console.log(`[fixture-operation] ${exercised.length} contract tests passed for POST ${PATH}`);
    expect(exercised.some((n) => /success responses/.test(n))).toBe(true);
    expect(exercised.some((n) => /body with/.test(n))).toBe(true);
    expect(exercised.some((n) => /query\.dryRun/.test(n))).toBe(true);
    expect(exercised.some((n) => /invalidWidgetSize arrives/.test(n))).toBe(true);
    expect(exercised.some((n) => /mock verdicts/.test(n))).toBe(true);

    // 5. Build the page from the copy and find the operation on it in Chromium.
    step(
      "build the page",
      [join(root, "packages", "docs", "scripts", "build-docs.mjs"), "--output", join(docsDist, "index.html")],
      root,
    );
    const docs = join(tmp, "docs-results.json");
    step(
      "browser test of the page",
      [vitest("docs"), "run", "test/reference-page.test.ts", "-t", "finds"],
      join(root, "packages", "docs"),
      { ATLAS_DOCS_DIST: docsDist, ATLAS_TEST_RESULTS: docs },
    );
    expect(passed(docs).some((n) => n.includes(`POST ${PATH} (${OPERATION_ID})`))).toBe(true);
    // 6. Send it from its try-it panel to the mock serving the copy's page.
    const tryIt = join(tmp, "try-it-results.json");
    step(
      "try-it panel",
      [vitest("docs"), "run", "test/try-it.test.ts", "-t", "from its panel"],
      join(root, "packages", "docs"),
      { ATLAS_DOCS_DIST: docsDist, ATLAS_TEST_RESULTS: tryIt },
    );
    expect(passed(tryIt).some((n) => n.includes(`POST ${PATH} (${OPERATION_ID}) from its panel`))).toBe(true);
  }, 420_000);

  it("edited no file of the repository", () => {
    expect(existsSync(join(root, "spec", "src", "paths", "orgs_{orgId}_fixtureWidgets.yaml"))).toBe(false);
    expect(git("status", "--porcelain", "--untracked-files=all", "--", ".", ":!**/artifacts/**")).toBe(
      codeBefore,
    );
  });
});
