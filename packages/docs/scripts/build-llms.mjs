// Builds the reference for assistants beside the page (dist/ by default): llms.txt, one Markdown
// file per operation, the guide to running the samples, and the files the spec's descriptions
// link (scripts/llms.mjs). Fails, naming them, when a sample has no passing run for this spec in
// sample-runs.json. Run by the package's `docs` script before build-docs.mjs; prints llms.txt's path.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { llmsFiles } from "./llms.mjs";
import { readSampleRuns, SAMPLE_RUNS_FILE } from "./sample-runs.mjs";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({ options: { output: { type: "string", short: "o" } } });
const output = resolve(values.output ?? join(pkgDir, "dist"));
// ATLAS_SPEC_BUNDLE names another bundle's openapi.json: a copy of the spec (with ATLAS_SAMPLE_RUNS its record).
const bundle =
  process.env.ATLAS_SPEC_BUNDLE || createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json");

let files;
try {
  files = llmsFiles(JSON.parse(readFileSync(bundle, "utf8")), readSampleRuns(SAMPLE_RUNS_FILE));
} catch (error) {
  console.error(`build-llms: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(output, path)), { recursive: true });
  writeFileSync(join(output, path), text);
}
console.log(join(output, "llms.txt"));
