// The OpenAPI document as parsed JSON: minimal shapes for the parts the kit reads, the rest kept as
// JSON values. Every function of the kit takes the document (or its path) as an argument.
import { readFileSync } from "node:fs";

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A node of the document: an object whose known members the kit reads, the others untyped JSON. */
export interface JsonNode {
  [key: string]: unknown;
}

/** A local reference (`#/components/...`). */
export interface Reference {
  $ref: string;
}

/** A JSON Schema (2020-12) of the document. */
export interface SchemaObject extends JsonNode {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  required?: string[];
  properties?: Record<string, SchemaObject | Reference>;
  additionalProperties?: boolean | SchemaObject | Reference;
  items?: SchemaObject | Reference;
  anyOf?: (SchemaObject | Reference)[];
  oneOf?: (SchemaObject | Reference)[];
  allOf?: (SchemaObject | Reference)[];
  examples?: unknown[];
  default?: unknown;
}

/** A named example. */
export interface ExampleObject extends JsonNode {
  value?: unknown;
}

/** A media type of a body. */
export interface MediaTypeObject extends JsonNode {
  schema?: SchemaObject | Reference;
  examples?: Record<string, ExampleObject | Reference>;
}

/** A request body. */
export interface RequestBodyObject extends JsonNode {
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
}

/** A link from a response to another operation. */
export interface LinkObject extends JsonNode {
  operationId?: string;
  parameters?: Record<string, unknown>;
}

/** A response. */
export interface ResponseObject extends JsonNode {
  description?: string;
  content?: Record<string, MediaTypeObject>;
  links?: Record<string, LinkObject>;
}

/** A parameter. */
export interface ParameterObject extends JsonNode {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  example?: unknown;
  schema?: SchemaObject;
}

/** An operation. */
export interface OperationObject extends JsonNode {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBodyObject | Reference;
  responses?: Record<string, ResponseObject | Reference>;
}

/** The HTTP methods of OpenAPI path items, in the order of the OpenAPI specification. */
export const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
/** An HTTP method of a path item, lower case. */
export type Method = (typeof METHODS)[number];

/** A path item: its operations by method and its path-level parameters. */
export type PathItemObject = JsonNode & { parameters?: (ParameterObject | Reference)[] } & {
  [M in Method]?: OperationObject;
};

/** The bundled OpenAPI document, as parsed JSON. */
export interface OpenApiDocument extends JsonNode {
  openapi: string;
  paths: Record<string, PathItemObject>;
  components: JsonNode & {
    schemas: Record<string, SchemaObject>;
    examples?: Record<string, ExampleObject>;
  };
}

/**
 * Reads a bundled spec (a Redocly bundle's `openapi.json`).
 * @throws Error when the file is missing or is not JSON, naming the command that bundles the spec.
 */
export function loadSpec(path: string): OpenApiDocument {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new Error(
      `The bundled spec ${path} is missing: run \`pnpm --filter @atlas-admin/spec run bundle\`.`,
      {
        cause,
      },
    );
  }
  try {
    return JSON.parse(text) as OpenApiDocument;
  } catch (cause) {
    throw new Error(
      `The bundled spec ${path} is not valid JSON: run \`pnpm --filter @atlas-admin/spec run bundle\`.`,
      { cause },
    );
  }
}

/**
 * Resolves a local `$ref` ("#/a/b~1c") against the document, following chains of references;
 * any other value passes through. The caller names the type it expects.
 * @throws Error on a circular chain or a reference to nothing.
 */
export function resolveRef<T = JsonNode>(spec: OpenApiDocument, value: unknown): T {
  let node: unknown = value;
  const seen = new Set<string>();
  while (isRef(node)) {
    const ref = node.$ref;
    if (seen.has(ref)) throw new Error(`Circular $ref ${ref}`);
    seen.add(ref);
    node = ref
      .replace(/^#\//, "")
      .split("/")
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((parent, key) => (isObject(parent) ? parent[key] : undefined), spec);
    if (node === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return node as T;
}

/** Whether a value is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonNode {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isRef(value: unknown): value is Reference {
  return isObject(value) && typeof value.$ref === "string";
}

/** The operations of the document, each with its path and method, in the order of paths and `METHODS`. */
export function eachOperation(
  spec: OpenApiDocument,
): { path: string; method: Method; item: PathItemObject; operation: OperationObject }[] {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation === undefined ? [] : [{ path, method, item, operation }];
    }),
  );
}
