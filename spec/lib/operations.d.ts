import type { OpenApiDocument } from "./validator.js";

export declare const METHODS: readonly string[];

export interface SpecParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  example?: unknown;
  schema?: any;
  [key: string]: any;
}

export interface SpecOperation {
  path: string;
  method: string;
  operationId: string;
  summary: string;
  tags: string[];
  operation: any;
  /** Path-level and operation-level parameters, resolved. */
  parameters: SpecParameter[];
  statuses: number[];
  success: number;
  requestBody: { required: boolean; schema: any; examples: { name: string; value: unknown }[] } | undefined;
  response(status: number | string): any;
  namedExamples(): [number, string, unknown][];
  /**
   * The operation whose success response links here (OpenAPI `links`), and for each path
   * parameter it fills, the field of that operation's success body that fills it.
   */
  linkedFrom: { source: SpecOperation; fields: Record<string, string> } | undefined;
}

export declare function specOperations(spec: OpenApiDocument): SpecOperation[];
export declare function exampleParameters(operation: SpecOperation): {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
};
export declare function exampleBody(operation: SpecOperation): unknown;
export declare function operationName(operation: SpecOperation): string;
