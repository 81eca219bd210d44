// Types of scripts/sample-runs.mjs: the record of the code samples that passed.
import type { SampledDocument } from "./code-samples.mjs";

/** sample-runs.json: the spec's digest and, per passing sample's text hash, `operationId label`. */
export interface SampleRunsRecord {
  spec: string;
  samples: Record<string, string>;
}
/** A sample the spec publishes, with the SHA-256 of its text. */
export interface PublishedSample {
  operationId: string;
  lang: string;
  label: string;
  source: string;
  hash: string;
}
/** The record's path: `ATLAS_SAMPLE_RUNS`, else packages/docs/sample-runs.json. */
export declare const SAMPLE_RUNS_FILE: string;
/** The command that runs every sample and records the passing ones. */
export declare const RECORD_COMMAND: string;
/** The SHA-256 (hex) of a bundled spec as parsed JSON, its prose (descriptions, summaries) left out. */
export declare function specDigest(spec: unknown): string;
/** The SHA-256 of a sample's text, hex: its key in the record. */
export declare function sampleHash(source: string): string;
/** Every sample this spec publishes, in the order of its paths, methods and SAMPLE_LANGUAGES. */
export declare function publishedSamples(spec: SampledDocument): PublishedSample[];
/** The record of a run in which the sample texts `passed` passed against `spec`, sorted. */
export declare function sampleRunsRecord(spec: SampledDocument, passed: Iterable<string>): SampleRunsRecord;
/**
 * The record in `file` (default SAMPLE_RUNS_FILE), or `undefined` when there is none.
 * @throws Error when the file is not a record.
 */
export declare function readSampleRuns(file?: string): SampleRunsRecord | undefined;
/** Writes `record` to `file` (default SAMPLE_RUNS_FILE). */
export declare function writeSampleRuns(record: SampleRunsRecord, file?: string): void;
/** The published samples of `spec` with no passing run in `record` for this spec. */
export declare function samplesWithoutRun(
  spec: SampledDocument,
  record: SampleRunsRecord | undefined,
): PublishedSample[];
