// Types of scripts/code-samples.mjs, for the tests that compile, run and find the samples.
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}
/** Atlas's v1.0 base URL: the default of `ATLAS_BASE_URL` when the spec names no server. */
export declare const ATLAS_BASE_URL: string;
/**
 * The labels the reference page lists, in its order (packages/docs/redocly.yaml must name the
 * same): three languages, curl and Python each with both ways to authenticate.
 */
export declare const SAMPLE_LANGUAGES: readonly { lang: string; label: string }[];
/** The mock's default credentials, as the samples' variables (packages/mock/src/defaults.ts). */
export declare const MOCK_CREDENTIALS: Readonly<{
  ATLAS_PUBLIC_KEY: string;
  ATLAS_PRIVATE_KEY: string;
  ATLAS_CLIENT_ID: string;
  ATLAS_CLIENT_SECRET: string;
}>;
/** A bundled OpenAPI document, as parsed JSON. */
export interface SampledDocument {
  paths: Record<string, Record<string, unknown>>;
  servers?: { url: string }[];
  [key: string]: unknown;
}
/**
 * The environment variable of a path parameter: `ATLAS_` and its name in SCREAMING_SNAKE_CASE
 * (`orgId` → `ATLAS_ORG_ID`, `apiUserId` → `ATLAS_API_USER_ID`).
 */
export declare function parameterVariable(name: string): string;
/** The title of the guide to running the samples (samplesGuide): a section of the page of its own. */
export declare const SAMPLES_GUIDE_TITLE: string;
/**
 * How to run any sample (Markdown): its variables and, against the local mock, the values to
 * export. Headed SAMPLES_GUIDE_TITLE at heading `level` (1: `#`); level 0 (the default) is the
 * text alone.
 */
export declare function samplesGuide(spec: SampledDocument, level?: number): string;
/**
 * The samples of one operation (`spec.paths[template][method]`), labelled and ordered as
 * SAMPLE_LANGUAGES, against the spec's first server (default Atlas's v1.0 base URL).
 * @throws TypeError when the spec has no such operation, or a path parameter has no example.
 */
export declare function codeSamples(spec: SampledDocument, template: string, method: string): CodeSample[];
/**
 * Gives every operation of `spec` samples (its own `x-codeSamples`, or these), and the spec a last
 * tag, SAMPLES_GUIDE_TITLE, whose description is the guide to running them (samplesGuide).
 * Changes `spec` in place and returns it.
 */
export declare function addCodeSamples<T extends SampledDocument>(spec: T): T;

/** A value of the spec, with a local `$ref` (`#/…`) followed until there is none. */
export function resolve(spec: unknown, value: unknown): unknown;
