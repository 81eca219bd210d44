import type { ValidateFunction } from "ajv";

/** The bundled OpenAPI document, as parsed JSON. */
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, any>;
  components: Record<string, any>;
  [key: string]: any;
};

export declare const bundledSpecPath: string;
/** The service-account token service (src/oauth/openapi.yaml), bundled. */
export declare const bundledOAuthSpecPath: string;
export declare function loadBundledSpec(path?: string): OpenApiDocument;
export declare function resolveRef<T = any>(spec: OpenApiDocument, value: unknown): T;

export interface SpecValidator {
  readonly spec: OpenApiDocument;
  /** The validator of `components/schemas/<name>`. */
  schema(name: string): ValidateFunction;
  /** Compiles any schema of the spec; `#/components/schemas/...` references resolve. */
  compile(schema: unknown): ValidateFunction;
  requestBody(path: string, method: string): ValidateFunction;
  response(path: string, method: string, status: number | string): ValidateFunction;
  parameter(path: string, method: string, name: string): ValidateFunction;
  errorsText(validate: ValidateFunction): string;
}

export declare const SCHEMA_EXTENSIONS: readonly string[];
export declare function createSpecValidator(
  spec?: OpenApiDocument,
  options?: { verbose?: boolean },
): SpecValidator;
