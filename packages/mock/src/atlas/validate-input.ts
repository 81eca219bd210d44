/**
 * Validates a request's path and query parameters and its JSON body against the operation, once,
 * with Ajv, and says for each broken rule what Atlas answers: the `x-atlas-error` the spec puts
 * next to the rule (spec/README.md). Prism's own input validation is not used: its diagnostics no
 * longer carry the schema node a rule came from, and so not its `x-atlas-error`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { PrismOperation } from "../prism/types.js";

export const ERROR_EXTENSION = "x-atlas-error";

/** What the spec's `x-atlas-error` says Atlas answers for one broken rule. */
export interface ErrorMapping {
  readonly errorCode: string;
  /** With `{value}`, `{name}` and `{field}` placeholders. */
  readonly detail: string;
  readonly parameters?: readonly string[];
}

/** One broken rule of a request. */
export interface Violation {
  readonly location: "path" | "query" | "body";
  /** Where, as Atlas's `badRequestDetail` names it: `body.desc`, `body.roles.0`, `path.orgId`, `query.pretty`. */
  readonly field: string;
  /** The same place as a JSON pointer into the request part (`/roles/0`; `/orgId` for a parameter). */
  readonly pointer: string;
  /** The rule's keyword: `maxLength`, `enum`, `additionalProperties`, `required`, `anyOf`, … */
  readonly keyword: string;
  /** The property concerned: the unknown or missing one, or the last segment of `field`. */
  readonly name: string;
  /** The offending value (for `additionalProperties` and `required`, the property's name). */
  readonly value: unknown;
  /** `<field> <what is wrong>`. */
  readonly message: string;
  /** The rule's `x-atlas-error`, when the spec maps it. */
  readonly mapping: ErrorMapping | undefined;
}

/**
 * A request's broken rules, at most `MAX_VIOLATIONS` of them (the first in reading order);
 * `omitted` counts the rest. A hostile body of tens of thousands of broken rules costs one sort,
 * not tens of thousands of messages.
 */
export type Violations = Violation[] & { readonly omitted?: number };
export const MAX_VIOLATIONS = 100;

type Schema = Record<string, unknown>;
type Query = Readonly<Record<string, string | readonly string[]>>;

// ajv-formats is CommonJS with a default export.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

/**
 * Compiles each operation's rules once, on first use: one schema covering the path parameters,
 * the query parameters and the body (`{ path, query, body }`), so that one Ajv run gives every
 * broken rule of a request in one list, which one function orders (`ordered`, below).
 */
export class InputValidator {
  readonly #ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  readonly #compiled = new Map<PrismOperation, Compiled>();

  constructor() {
    addFormats(this.#ajv);
  }

  /**
   * The broken rules of a request: path parameters (as sent, still percent-encoded), then query
   * parameters, then the body (`null` when there is none); each part in reading order
   * (spec/README.md). An empty list for a valid request.
   */
  validate(
    operation: PrismOperation,
    request: { path: Readonly<Record<string, string>>; query: Query; body: unknown },
  ): Violations {
    const compiled = this.#compile(operation);
    const path = decodePathParameters(request.path);
    const undecodable = new Set(path.violations.map((v) => v.name));
    const empty = emptyQueryValues(operation, request.query);
    const emptyNames = new Set(empty.map((v) => v.name));
    const query = Object.fromEntries(Object.entries(request.query).filter(([name]) => !emptyNames.has(name)));
    const hasBody = compiled.body !== undefined && request.body !== null;
    const checked = {
      path: typed(operation.request?.path ?? [], path.values),
      query: typed(operation.request?.query ?? [], query),
      ...(hasBody ? { body: request.body } : {}),
    };
    const errors = compiled.validate(checked) ? [] : (compiled.validate.errors ?? []);
    const found: Violation[] = [...path.violations, ...empty];
    if (compiled.body !== undefined && request.body === null && compiled.bodyRequired)
      found.push(missingBody());
    return ordered(found, errors, compiled, undecodable);
  }

  #compile(operation: PrismOperation): Compiled {
    let compiled = this.#compiled.get(operation);
    if (compiled !== undefined) return compiled;
    const parametersSchema = (
      parameters: readonly { name: string; required?: boolean; schema?: unknown }[],
    ) => ({
      type: "object",
      properties: Object.fromEntries(parameters.map((p) => [p.name, rootless(p.schema)])),
      required: parameters.filter((p) => p.required).map((p) => p.name),
    });
    const body = operation.request?.body;
    const schema = body?.contents?.find((c) => c.mediaType === "application/json")?.schema as
      | Schema
      | undefined;
    const bodySchema = schema === undefined ? undefined : rootless(schema);
    compiled = {
      validate: this.#ajv.compile({
        type: "object",
        properties: {
          path: parametersSchema(operation.request?.path ?? []),
          query: parametersSchema(operation.request?.query ?? []),
          ...(bodySchema === undefined ? {} : { body: bodySchema }),
        },
      }),
      body: bodySchema,
      bodyRequired: body?.required === true,
    };
    this.#compiled.set(operation, compiled);
    return compiled;
  }
}

interface Compiled {
  /** Validates `{ path, query, body? }`. */
  readonly validate: ValidateFunction;
  /** The body's schema, as compiled under `/body`. */
  readonly body: Schema | undefined;
  readonly bodyRequired: boolean;
}

const LOCATIONS = ["path", "query", "body"] as const;

/**
 * The one order of a request's broken rules (spec/README.md): path parameters, query parameters,
 * then the body; in a parameter part, the checks made before Ajv (encoding, empty values), then
 * Ajv's in its order; in the body, reading order (`readingOrder`). With a top-level `anyOf`, the
 * body's rules are those of the closest branch (fewest broken rules, the first such branch); when
 * the closest branches each only miss required properties, the one problem is that none of them
 * is present: the `anyOf` itself. At most `MAX_VIOLATIONS` body rules are turned into violations.
 */
function ordered(
  found: readonly Violation[],
  errors: readonly ErrorObject[],
  compiled: Compiled,
  undecodable: ReadonlySet<string>,
): Violations {
  const parts: Record<(typeof LOCATIONS)[number], ErrorObject[]> = { path: [], query: [], body: [] };
  for (const error of errors) {
    const location = error.instancePath.split("/")[1] as (typeof LOCATIONS)[number] | undefined;
    if (location !== undefined && location in parts) parts[location].push(error);
  }
  const parameters = (location: "path" | "query") =>
    parameterViolations(location, parts[location]).filter(
      (v) => location !== "path" || !undecodable.has(v.name),
    );
  const byLocation = (location: string) => found.filter((v) => v.location === location);
  const body = compiled.body === undefined ? [] : bodyViolations(compiled.body, parts.body);
  return Object.assign(
    [
      ...byLocation("path"),
      ...parameters("path"),
      ...byLocation("query"),
      ...parameters("query"),
      ...byLocation("body"),
      ...body,
    ],
    { omitted: (body as Violations).omitted ?? 0 },
  );
}

/**
 * Parameters arrive as text: a value is read as its schema's type only when it is written as one
 * (`2`, `-3.5`, `true`, `false`); anything else (` 1`, `1e3`, `TRUE`) stays text and breaks the type.
 */
function typed(
  parameters: readonly { name: string; schema?: unknown }[],
  values: Readonly<Record<string, string | readonly string[]>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const parameter of parameters) {
    const value = values[parameter.name];
    if (typeof value !== "string") continue;
    const type = (parameter.schema as { type?: unknown } | undefined)?.type;
    if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value))
      out[parameter.name] = Number(value);
    else if (type === "boolean" && (value === "true" || value === "false"))
      out[parameter.name] = value === "true";
  }
  return out;
}

/** Prism hands each schema over with its own `$schema`; Ajv takes one only at a root. */
function rootless(schema: unknown): Schema {
  const { $schema: _, ...rest } = (schema ?? {}) as Schema;
  return rest;
}

function decodePathParameters(raw: Readonly<Record<string, string>>): {
  values: Record<string, string>;
  violations: Violation[];
} {
  const values: Record<string, string> = {};
  const violations: Violation[] = [];
  for (const [name, value] of Object.entries(raw)) {
    try {
      values[name] = decodeURIComponent(value);
    } catch {
      // `%FF%FE`, `%ZZ`, a lone `%`: not percent-encoded UTF-8 (RFC 3986 §2.1).
      violations.push({
        location: "path",
        field: `path.${name}`,
        pointer: `/${name}`,
        keyword: "encoding",
        name,
        value,
        message: `path.${name} is not valid percent-encoded UTF-8`,
        mapping: undefined,
      });
    }
  }
  return { values, violations };
}

/**
 * OpenAPI 3.1: a query parameter may be sent empty (`?pretty=`, `?pretty`) only when it says
 * `allowEmptyValue: true`.
 */
function emptyQueryValues(operation: PrismOperation, query: Query): Violation[] {
  return (operation.request?.query ?? [])
    .filter((parameter) => {
      const value = query[parameter.name];
      const values = value === undefined ? [] : typeof value === "string" ? [value] : value;
      return !(parameter as { allowEmptyValue?: boolean }).allowEmptyValue && values.includes("");
    })
    .map((parameter) => ({
      location: "query",
      field: `query.${parameter.name}`,
      pointer: `/${parameter.name}`,
      keyword: "allowEmptyValue",
      name: parameter.name,
      value: "",
      message: `query.${parameter.name} must not be empty`,
      mapping: undefined,
    }));
}

function parameterViolations(location: "path" | "query", errors: readonly ErrorObject[]): Violation[] {
  return errors.map((error) => {
    const segments = pointerSegments(error.instancePath).slice(1);
    const name = (error.params as { missingProperty?: string }).missingProperty ?? segments[0] ?? "";
    const field = `${location}.${[name, ...segments.slice(1)].join(".")}`;
    return {
      location,
      field,
      pointer: `/${[name, ...segments.slice(1)].map(escapePointer).join("/")}`,
      keyword: error.keyword,
      name,
      value: error.keyword === "required" ? name : error.data,
      message: `${field} ${error.message ?? "is not valid"}`,
      mapping: undefined,
    };
  });
}

function missingBody(): Violation {
  return {
    location: "body",
    field: "body",
    pointer: "",
    keyword: "required",
    name: "body",
    value: null,
    message: "body is required",
    mapping: undefined,
  };
}

/** The body's broken rules (Ajv's errors under `/body`), in reading order; see `ordered`. */
function bodyViolations(schema: Schema, bodyErrors: readonly ErrorObject[]): Violations {
  const errors = bodyErrors.map((error) => ({
    ...error,
    instancePath: error.instancePath.slice("/body".length),
  }));
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]) : undefined;
  const results = (branches ?? [schema]).map((branch, i) => ({
    schema: branch,
    errors: relevant(
      branches === undefined
        ? errors
        : errors.filter((e) => e.schemaPath.startsWith(`#/properties/body/anyOf/${i}/`)),
    ),
  }));
  if (errors.length === 0 || results.some((r) => r.errors.length === 0)) return [];
  const fewest = Math.min(...results.map((r) => r.errors.length));
  const closest = results.filter((r) => r.errors.length === fewest);
  if (closest.length > 1 && closest.every((r) => r.errors.every((e) => e.keyword === "required"))) {
    const names = [
      ...new Set(
        closest.flatMap((r) =>
          r.errors.map((e) => (e.params as { missingProperty: string }).missingProperty),
        ),
      ),
    ];
    return [
      {
        location: "body",
        field: "body",
        pointer: "",
        keyword: "anyOf",
        name: "body",
        value: names.join(", "),
        message: `body must have at least one of ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`,
        mapping: mappingOf(schema, "anyOf"),
      },
    ];
  }
  const { schema: branch, errors: kept } = closest[0] as (typeof results)[number];
  const sorted = kept
    .map((error, index) => ({ error, index, key: readingOrder(branch, error) }))
    .sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index);
  return Object.assign(
    sorted.slice(0, MAX_VIOLATIONS).map(({ error }) => toViolation(error)),
    { omitted: Math.max(0, sorted.length - MAX_VIOLATIONS) },
  );
}

/** Ajv's errors less the `anyOf` summaries, and where a value has the wrong type, only that. */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const wrongType = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  return errors.filter(
    (e) => e.keyword !== "anyOf" && (e.keyword === "type" || !wrongType.has(e.instancePath)),
  );
}

function toViolation(error: ErrorObject): Violation {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as { additionalProperty?: string; missingProperty?: string };
  const child = params.additionalProperty ?? params.missingProperty;
  const at = child === undefined ? segments : [...segments, child];
  const field = ["body", ...at].join(".");
  const name = at.at(-1) ?? "body";
  const what =
    error.keyword === "additionalProperties"
      ? `must not have the unknown attribute ${child}`
      : error.keyword === "required"
        ? `must have the property ${child}`
        : (error.message ?? "is not valid");
  return {
    location: "body",
    field,
    pointer: at.length === 0 ? "" : `/${at.map(escapePointer).join("/")}`,
    keyword: error.keyword,
    name,
    value: child ?? error.data,
    message: `${field} ${what}`,
    mapping: mappingOf(error.parentSchema as Schema | undefined, error.keyword),
  };
}

function mappingOf(schema: Schema | undefined, keyword: string): ErrorMapping | undefined {
  const mappings = schema?.[ERROR_EXTENSION] as Record<string, unknown> | undefined;
  const mapping = mappings?.[keyword] as Partial<ErrorMapping> | undefined;
  return typeof mapping?.errorCode === "string" && typeof mapping.detail === "string"
    ? (mapping as ErrorMapping)
    : undefined;
}

const KEYWORD_RANK: Readonly<Record<string, number>> = {
  type: 0,
  const: 1,
  enum: 1,
  minLength: 2,
  minimum: 2,
  minItems: 2,
  maxLength: 3,
  maximum: 3,
  maxItems: 3,
  pattern: 4,
  format: 4,
  additionalProperties: 5,
};

/**
 * Reading order (spec/README.md): at each value its type, its own rules, unknown attributes, then
 * its properties in the schema's order (array items in order), then duplicate items, then missing
 * required properties.
 */
function readingOrder(root: Schema, error: ErrorObject): number[] {
  const key: number[] = [];
  let node: Schema | undefined = root;
  for (const segment of pointerSegments(error.instancePath)) {
    const properties = node?.properties as Record<string, Schema> | undefined;
    if (properties !== undefined) {
      key.push(1, Object.keys(properties).indexOf(segment));
      node = properties[segment];
    } else {
      key.push(1, Number(segment));
      node = node?.items as Schema | undefined;
    }
  }
  if (error.keyword === "required") {
    const required = (node?.required as string[] | undefined) ?? [];
    key.push(2, required.indexOf((error.params as { missingProperty: string }).missingProperty));
  } else if (error.keyword === "uniqueItems") {
    // Duplicates are judged once the items themselves are valid: after the items.
    key.push(2, -1);
  } else key.push(0, KEYWORD_RANK[error.keyword] ?? 6);
  return key;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function pointerSegments(pointer: string): string[] {
  return pointer === ""
    ? []
    : pointer
        .split("/")
        .slice(1)
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
