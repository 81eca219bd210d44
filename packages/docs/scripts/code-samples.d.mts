/** One entry of an operation's `x-codeSamples` (Redoc's vendor extension). */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** The three labels, in the order the page lists them (packages/docs/redocly.yaml names the same). */
export declare const SAMPLE_LANGUAGES: readonly { lang: string; label: string }[];

/**
 * The three samples of one operation of a bundled spec (`$ref`s inside it resolved locally).
 * @param spec the bundled OpenAPI document (dist/openapi.json of @atlas-admin/spec or a copy)
 * @param template the path template, e.g. `/orgs/{orgId}/apiKeys`
 * @param method lower-case HTTP method
 */
export declare function codeSamples(spec: object, template: string, method: string): CodeSample[];

/** `spec` (changed in place and returned) with samples on every operation: its own, or these. */
export declare function addCodeSamples<T extends object>(spec: T): T;
