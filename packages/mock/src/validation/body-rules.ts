import { type ApiError, apiError } from "../errors/api-error-response.js";

/** A JSON Schema node of the spec, as Prism hands it over (references already resolved). */
export type Schema = { readonly [keyword: string]: unknown };

/** One broken rule of a request body. */
export interface Violation {
  /** The rule's keyword: `maxLength`, `enum`, `additionalProperties`, `required`, `anyOf`, … */
  readonly keyword: string;
  /** Where: `body`, `body.desc`, `body.roles.0`. */
  readonly field: string;
  /** The property concerned: the unknown or missing one, or the last segment of `field`. */
  readonly name: string;
  /** The offending value (for `additionalProperties` and `required`, the property's name). */
  readonly value: unknown;
  readonly message: string;
  /** The schema node holding the rule, and so its `x-atlas-error` mapping. */
  readonly schema: Schema;
}

/** What the spec's `x-atlas-error` says Atlas answers for one broken rule. */
interface ErrorMapping {
  readonly errorCode: string;
  readonly detail: string;
  readonly parameters?: readonly string[];
}

export const ERROR_EXTENSION = "x-atlas-error";

/**
 * The broken rules of `value`, in the order a reader meets them (spec/README.md): for each value
 * its `type` (nothing else is checked when that fails), then its own rules, then unknown
 * attributes, then the properties in the schema's order (array items in order), then missing
 * required properties. An `anyOf` contributes the rules of its closest branch only.
 */
export function violationsOf(schema: Schema, value: unknown, field = "body"): Violation[] {
  const found: Violation[] = [];
  const name = field.slice(field.lastIndexOf(".") + 1);
  const broken = (keyword: string, message: string, extra: Partial<Violation> = {}): void => {
    found.push({ keyword, field, name, value, message: `${field} ${message}`, schema, ...extra });
  };

  if (Array.isArray(schema.anyOf))
    found.push(...closestBranch(schema, schema.anyOf as Schema[], value, field));
  if (Array.isArray(schema.allOf))
    for (const part of schema.allOf as Schema[]) found.push(...violationsOf(part, value, field));

  const types = schema.type === undefined ? [] : ([] as unknown[]).concat(schema.type);
  if (types.length > 0 && !types.some((type) => hasType(value, type))) {
    broken("type", `must be ${types.join(" or ")}`);
    return found;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => deepEqual(allowed, value))) {
    broken("enum", `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof schema.minLength === "number" && length < schema.minLength)
      broken("minLength", `must have at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === "number" && length > schema.maxLength)
      broken("maxLength", `must have at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
      broken("pattern", "does not match the pattern of its schema");
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum)
      broken("minimum", `must be at least ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum)
      broken("maximum", `must be at most ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems)
      broken("minItems", `must have at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems)
      broken("maxItems", `must have at most ${schema.maxItems} items`);
    if (isSchema(schema.items))
      value.forEach((item, i) => {
        found.push(...violationsOf(schema.items as Schema, item, `${field}.${i}`));
      });
  }
  if (isObject(value)) {
    const properties = isSchema(schema.properties) ? (schema.properties as Record<string, Schema>) : {};
    if (schema.additionalProperties === false) {
      for (const key of Object.keys(value).filter((key) => !Object.hasOwn(properties, key)))
        broken("additionalProperties", `must not have the unknown attribute ${key}`, {
          field: `${field}.${key}`,
          name: key,
          value: key,
        });
    }
    for (const [key, property] of Object.entries(properties)) {
      if (Object.hasOwn(value, key)) found.push(...violationsOf(property, value[key], `${field}.${key}`));
    }
    for (const key of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (!Object.hasOwn(value, key))
        broken("required", `must have the property ${key}`, {
          field: `${field}.${key}`,
          name: key,
          value: key,
        });
    }
  }
  return found;
}

/**
 * An `anyOf` as a person reads it: the problems of the branch that comes closest (fewest broken
 * rules, the first such branch), not every branch's complaints. When the closest branches are
 * each only missing required properties, the one problem is that none of them is present.
 */
function closestBranch(
  schema: Schema,
  branches: readonly Schema[],
  value: unknown,
  field: string,
): Violation[] {
  const results = branches.map((branch) => violationsOf(branch, value, field));
  if (results.some((result) => result.length === 0)) return [];
  const fewest = Math.min(...results.map((result) => result.length));
  const closest = results.filter((result) => result.length === fewest);
  if (closest.length > 1 && closest.every((result) => result.every((v) => v.keyword === "required"))) {
    const names = [...new Set(closest.flat().map((v) => v.name))];
    return [
      {
        keyword: "anyOf",
        field,
        name: field.slice(field.lastIndexOf(".") + 1),
        value: names.join(", "),
        message: `${field} must have at least one of ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`,
        schema,
      },
    ];
  }
  return closest[0] ?? [];
}

/**
 * The spec's 400 for a body: the mapped error of its first broken rule (`x-atlas-error` next to
 * the rule), else `VALIDATION_ERROR`; every broken rule is listed in `badRequestDetail.fields`.
 */
export function badRequestFromBody(violations: readonly Violation[]): ApiError | undefined {
  const first = violations[0];
  if (first === undefined) return undefined;
  const fields = violations.map((v) => ({ field: v.field, description: v.message }));
  const mapping = mappingOf(first);
  if (mapping !== undefined) {
    const values = { value: displayed(first.value), name: first.name, field: first.field };
    return apiError(400, mapping.errorCode, fill(mapping.detail, values), {
      // `{value}` alone keeps the value as it was sent (a number stays a number).
      parameters: (mapping.parameters ?? []).map((template) =>
        template === "{value}" ? first.value : fill(template, values),
      ),
      badRequestDetail: { fields },
    });
  }
  const detail = `The request is not valid: ${[...new Set(violations.map((v) => v.message))].join("; ")}.`;
  return apiError(400, "VALIDATION_ERROR", detail, {
    parameters: [...new Set(violations.map((v) => v.field))],
    badRequestDetail: { fields },
  });
}

function mappingOf(violation: Violation): ErrorMapping | undefined {
  const mappings = violation.schema[ERROR_EXTENSION];
  if (!isObject(mappings)) return undefined;
  const mapping = mappings[violation.keyword];
  return isObject(mapping) && typeof mapping.errorCode === "string" && typeof mapping.detail === "string"
    ? (mapping as unknown as ErrorMapping)
    : undefined;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(value|name|field)\}/g, (_, key: string) => values[key] ?? "");
}

function displayed(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): value is Schema {
  return isObject(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
