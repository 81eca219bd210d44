// Measures what type-checking a consumer of the client costs as the spec grows: the spec's
// operations are copied N times under `/x<k>` paths, types are generated from each copy with
// @atlas-admin/types' generator, and one call per operation is type-checked against this
// package's src/client-type.ts. Prints instantiations, memory and check time per size: the cost
// should grow linearly with the number of operations. Run by hand after changing the client's types:
//   node packages/client/scripts/type-cost.mjs [copies…]   (default: 50 200, i.e. 200 and 800 operations)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const client = fileURLToPath(new URL("..", import.meta.url));
const root = join(client, "..", "..");
const types = join(root, "packages/types");
const sizes = process.argv.slice(2).map(Number);
const work = mkdtempSync(join(tmpdir(), "atlas-type-cost-"));
const bundled = JSON.parse(readFileSync(join(root, "spec/dist/openapi.json"), "utf8"));
const METHODS = ["get", "put", "post", "delete", "patch"];
const BODIES = {
  "/orgs/{orgId}/apiKeys": '{ desc: "x" }',
  "/orgs/{orgId}/liveMigrations/linkTokens": "{ accessListIps: [] }",
};

for (const copies of sizes.length > 0 ? sizes : [50, 200]) {
  const dir = join(work, String(copies));
  mkdirSync(join(dir, "spec"), { recursive: true });
  const spec = { ...bundled, paths: {} };
  const calls = [];
  for (let k = 0; k < copies; k++) {
    for (const [path, item] of Object.entries(bundled.paths)) {
      const copy = structuredClone(item);
      for (const method of METHODS.filter((m) => copy[m])) {
        copy[method].operationId += `X${k}`;
        const body = copy[method].requestBody ? `, body: ${BODIES[path]}` : "";
        calls.push(
          `  await atlas.${method.toUpperCase()}("/x${k}${path}", { params: { path: { orgId } }${body} });`,
        );
      }
      spec.paths[`/x${k}${path}`] = copy;
    }
  }
  // JSON is YAML: the generator reads the .yaml beside the .json.
  for (const ext of ["json", "yaml"])
    writeFileSync(join(dir, "spec", `openapi.${ext}`), JSON.stringify(spec));
  execFileSync(process.execPath, ["scripts/generate-types.mjs"], {
    cwd: types,
    env: {
      ...process.env,
      ATLAS_SPEC_BUNDLE: join(dir, "spec/openapi.json"),
      ATLAS_TYPES_GENERATED_DIR: join(dir, "types/generated"),
    },
    stdio: "ignore",
  });
  for (const file of ["index.ts", "operation-types.ts"])
    copyFileSync(join(types, "src", file), join(dir, "types", file));
  copyFileSync(join(client, "src/client-type.ts"), join(dir, "client-type.ts"));
  writeFileSync(
    join(dir, "consumer.ts"),
    [
      'import type { AtlasAdminClient } from "./client-type.js";',
      "declare const atlas: AtlasAdminClient;",
      'const orgId = "5980cfc70b6d12029d82e3f6";',
      "export async function all() {",
      ...calls,
      "}",
    ].join("\n"),
  );
  const modules = join(client, "node_modules");
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        skipLibCheck: true,
        types: [],
        paths: {
          "@atlas-admin/types": [join(dir, "types/index.ts")],
          "openapi-fetch": [join(modules, "openapi-fetch/dist/index.d.mts")],
          "openapi-typescript-helpers": [join(modules, "openapi-typescript-helpers/dist/index.d.ts")],
        },
      },
      files: ["consumer.ts"],
    }),
  );
  const output = execFileSync(
    process.execPath,
    [join(modules, "typescript/bin/tsc"), "-p", dir, "--extendedDiagnostics"],
    {
      encoding: "utf8",
    },
  );
  const figure = (name) => new RegExp(`${name}:\\s+(\\S+)`).exec(output)?.[1];
  console.log(
    `${calls.length} operations: ${figure("Instantiations")} instantiations, ${figure("Memory used")} memory, check ${figure("Check time")}`,
  );
}
