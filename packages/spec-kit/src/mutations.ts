// Values that break one rule of a schema each, read from the schema itself: the tests break every
// constraint of every operation's body and parameters once without a list of their own.
import { isObject, type OpenApiDocument, resolveRef, type SchemaObject } from "./document.js";

const UNKNOWN_ATTRIBUTE = "unknownAttribute";

type Report = (where: string, replace: [string, unknown][]) => void;

/**
 * `[what, value]` pairs: `value` is `valid` with exactly one rule of `schema` broken (its type,
 * enum, pattern, length, bounds, item count, a required property, an unknown property), recursing
 * into the properties and items `valid` holds. Only values `validate` rejects are kept, each once;
 * `what` reads `value.a[0].b: rule`.
 */
export function brokenValues(
  spec: OpenApiDocument,
  schema: unknown,
  valid: unknown,
  validate: (value: unknown) => boolean,
): [string, unknown][] {
  const found: [string, unknown][] = [];
  const seen = new Set<string>();
  const add = (what: string, value: unknown) => {
    const key = JSON.stringify(value);
    if (key === undefined || seen.has(key) || validate(value)) return;
    seen.add(key);
    found.push([what, value]);
  };
  walk(spec, schema, valid, "value", (where, replace) => {
    for (const [rule, value] of replace) add(`${where}: ${rule}`, value);
  });
  return found;
}

/** Calls `report(where, [[rule, wholeValue]…])` for each node of `valid` under `schema`. */
function walk(
  spec: OpenApiDocument,
  schemaRef: unknown,
  valid: unknown,
  where: string,
  report: Report,
  rebuild: (value: unknown) => unknown = (v) => v,
): void {
  const schema = resolveRef<SchemaObject | null | undefined>(spec, schemaRef);
  if (!isObject(schema)) return;
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    walk(spec, branch, valid, where, report, rebuild);
  }
  const out: [string, unknown][] = [];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type !== undefined) out.push(["type", rebuild(type === "string" ? 42 : `not-a-${type}`)]);
  if (Array.isArray(schema.enum)) out.push(["enum", rebuild(`NOT_${String(schema.enum[0])}_X`)]);
  if (typeof schema.pattern === "string") out.push(["pattern", rebuild("!not matching!")]);
  if (typeof schema.minLength === "number" && schema.minLength > 0)
    out.push(["minLength", rebuild("x".repeat(schema.minLength - 1))]);
  if (typeof schema.maxLength === "number")
    out.push(["maxLength", rebuild("x".repeat(schema.maxLength + 1))]);
  if (typeof schema.minimum === "number") out.push(["minimum", rebuild(schema.minimum - 1)]);
  if (typeof schema.maximum === "number") out.push(["maximum", rebuild(schema.maximum + 1)]);
  if (Array.isArray(valid)) {
    if (typeof schema.minItems === "number" && schema.minItems > 0)
      out.push(["minItems", rebuild(valid.slice(0, schema.minItems - 1))]);
    if (typeof schema.maxItems === "number" && valid.length > 0)
      out.push(["maxItems", rebuild(Array.from({ length: schema.maxItems + 1 }, () => valid[0]))]);
    if (schema.uniqueItems === true && valid.length > 0)
      out.push(["uniqueItems", rebuild([valid[0], ...valid])]);
    if (schema.items !== undefined && valid.length > 0) {
      walk(spec, schema.items, valid[0], `${where}[0]`, report, (item) => rebuild([item, ...valid.slice(1)]));
    }
  }
  if (isObject(valid)) {
    if (schema.additionalProperties === false)
      out.push(["additionalProperties", rebuild({ ...valid, [UNKNOWN_ATTRIBUTE]: 1 })]);
    for (const name of schema.required ?? []) {
      if (!(name in valid)) continue;
      const { [name]: _removed, ...rest } = valid;
      out.push([`required ${name}`, rebuild(rest)]);
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (!(name in valid)) continue;
      walk(spec, property, valid[name], `${where}.${name}`, report, (value) =>
        rebuild({ ...valid, [name]: value }),
      );
    }
  }
  report(where, out);
}
