// The record of the code samples that passed: sample-runs.json beside package.json holds the
// digest of the spec they were run for and, for each sample that passed, the SHA-256 of its text.
// The contract suite writes it (contract-tests/test/code-samples.test.ts, with
// ATLAS_RECORD_SAMPLE_RUNS=1) and checks on every run that it is true; scripts/llms.mjs publishes
// only samples it lists. A committed file, so every build reads the same record whatever order
// the tasks run in.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { codeSamples } from "./code-samples.mjs";

const METHODS = ["get", "put", "post", "patch", "delete"];

/** The record's path: `ATLAS_SAMPLE_RUNS` (a copy of the spec keeps its own), else sample-runs.json. */
export const SAMPLE_RUNS_FILE =
  process.env.ATLAS_SAMPLE_RUNS || fileURLToPath(new URL("../sample-runs.json", import.meta.url));

/** Keys whose values are data (examples, defaults, enums), kept whole by `withoutProse`. */
const DATA_KEYS = new Set(["value", "example", "examples", "default", "enum", "const", "x-mock-value"]);

/**
 * A copy of a spec without its prose: every `description` and `summary` string of an OpenAPI
 * object left out, data (DATA_KEYS) and property names kept. Prose changes no run of a sample.
 */
function withoutProse(node, key) {
  if (Array.isArray(node)) return node.map((item) => withoutProse(item));
  if (node === null || typeof node !== "object") return node;
  if (DATA_KEYS.has(key) && key !== "examples") return node;
  const copy = {};
  for (const [name, value] of Object.entries(node)) {
    const isProperty = key === "properties" || key === "examples";
    if (!isProperty && (name === "description" || name === "summary") && typeof value === "string") continue;
    copy[name] = withoutProse(value, isProperty ? undefined : name);
  }
  return copy;
}

/**
 * The SHA-256 (hex) of a bundled spec as parsed JSON, its prose left out (descriptions and
 * summaries change no run) and whitespace not counted: the spec a record's runs were made for.
 */
export function specDigest(spec) {
  return createHash("sha256")
    .update(JSON.stringify(withoutProse(spec)), "utf8")
    .digest("hex");
}

/** The SHA-256 of a sample's text, hex: its key in the record. */
export function sampleHash(source) {
  return createHash("sha256").update(source, "utf8").digest("hex");
}

/**
 * Every sample this spec publishes: `{ operationId, lang, label, source, hash }`, in the order of the
 * spec's paths and methods and of SAMPLE_LANGUAGES. Operations with their own `x-codeSamples`
 * publish those.
 */
export function publishedSamples(spec) {
  const samples = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      for (const { lang, label, source } of operation["x-codeSamples"] ??
        codeSamples(spec, template, method)) {
        samples.push({ operationId: operation.operationId, lang, label, source, hash: sampleHash(source) });
      }
    }
  }
  return samples;
}

/**
 * The record of a run in which `passed` (sample texts) passed against `spec`: the spec's digest
 * and each passing sample's hash with `operationId label`, sorted, so equal runs write equal files.
 */
export function sampleRunsRecord(spec, passed) {
  const passing = new Set(passed);
  const entries = publishedSamples(spec)
    .filter((sample) => passing.has(sample.source))
    .map((sample) => [sample.hash, `${sample.operationId} ${sample.label}`])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { spec: specDigest(spec), samples: Object.fromEntries(entries) };
}

/**
 * The record in `file` (default SAMPLE_RUNS_FILE), or `undefined` when there is none.
 * @throws Error when the file is not a record.
 */
export function readSampleRuns(file = SAMPLE_RUNS_FILE) {
  if (!existsSync(file)) return undefined;
  const record = JSON.parse(readFileSync(file, "utf8"));
  if (typeof record?.spec !== "string" || typeof record?.samples !== "object" || record.samples === null) {
    throw new Error(`${file} is not a record of sample runs ({ spec, samples })`);
  }
  return record;
}

/** Writes `record` to `file` (default SAMPLE_RUNS_FILE), two-space JSON with a final newline. */
export function writeSampleRuns(record, file = SAMPLE_RUNS_FILE) {
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * How to bring the record up to date (after `npm run build`): the package script that runs every
 * sample with ATLAS_RECORD_SAMPLE_RUNS=1.
 */
export const RECORD_COMMAND = "npm run pnpm -- --filter @atlas-admin/docs run record-samples";

/**
 * The published samples of `spec` that have no passing run in `record` for this spec: every one
 * of them when the record is missing or was made for another spec.
 */
export function samplesWithoutRun(spec, record) {
  const samples = publishedSamples(spec);
  if (record === undefined || record.spec !== specDigest(spec)) return samples;
  return samples.filter((sample) => record.samples[sample.hash] === undefined);
}
