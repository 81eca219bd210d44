// Types of scripts/llms.mjs: llms.txt and the Markdown beside the page.
import type { SampledDocument } from "./code-samples.mjs";
import type { SampleRunsRecord } from "./sample-runs.mjs";

/** Repository files the spec's descriptions name, published beside the page under `name`. */
export declare const PUBLISHED_BESIDE_PAGE: readonly { path: string; name: string; title: string }[];
/** The text of each file PUBLISHED_BESIDE_PAGE names, by its name beside the page. */
export declare function filesBesidePage(): Record<string, string>;
/**
 * The spec with each mention of a PUBLISHED_BESIDE_PAGE path made a relative link (`base`, default
 * "", before the name); in place.
 */
export declare function withPublishedLinks<T>(spec: T, base?: string): T;
/** The operation's Markdown file, relative to llms.txt: `operations/<operationId>.md`. */
export declare function operationFile(operationId: string): string;
/**
 * The files of the reference for assistants by path relative to llms.txt.
 * @throws Error naming every sample with no passing run in `record` for this spec.
 */
export declare function llmsFiles(
  spec: SampledDocument,
  record: SampleRunsRecord | undefined,
): Record<string, string>;
