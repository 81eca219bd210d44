import type { OpenApiDocument, SpecValidator } from "./validator.js";

export declare const ERROR_EXTENSION: "x-atlas-error";
export declare const MAPPABLE_KEYWORDS: readonly string[];
export declare function renderTemplate(template: string, values: Record<string, unknown>): string;
/** Problems with the spec's `x-atlas-error` mappings; empty when every mapping holds. */
export declare function checkErrorMappings(spec?: OpenApiDocument): string[];
/**
 * The error the spec maps for the first broken rule of a request body, found with Ajv; the
 * validator must be created with `{ verbose: true }`. `undefined` for a valid body.
 */
export declare function expectedBodyError(
  validator: SpecValidator,
  path: string,
  method: string,
  body: unknown,
): { errorCode: string; keyword: string; instancePath: string } | undefined;
