// Types of scripts/code-samples.mjs, for the tests that compile, run and find the samples.
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}
/** The labels the reference page lists (packages/docs/redocly.yaml must name the same). */
export declare const SAMPLE_LANGUAGES: readonly { lang: string; label: string }[];
/** A bundled OpenAPI document, as parsed JSON. */
export interface SampledDocument {
  paths: Record<string, Record<string, unknown>>;
  servers?: { url: string }[];
  [key: string]: unknown;
}
/**
 * The three samples of one operation (`spec.paths[template][method]`), labelled as
 * SAMPLE_LANGUAGES, against the spec's first server (default Atlas's v1.0 base URL).
 * @throws TypeError when the spec has no such operation.
 */
export declare function codeSamples(spec: SampledDocument, template: string, method: string): CodeSample[];
/**
 * Gives every operation of `spec` samples (its own `x-codeSamples`, or these); changes `spec` in
 * place and returns it.
 */
export declare function addCodeSamples<T extends SampledDocument>(spec: T): T;
