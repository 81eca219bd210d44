import type { OpenApiDocument } from "./validator.js";

export declare const ERROR_EXTENSION: "x-atlas-error";
export declare const MAPPABLE_KEYWORDS: readonly string[];
export declare function renderTemplate(template: string, values: Record<string, unknown>): string;
/** Problems with the spec's `x-atlas-error` mappings; empty when every mapping holds. */
export declare function checkErrorMappings(spec?: OpenApiDocument): string[];
