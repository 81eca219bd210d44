// Whether a schema change that `redocly diff` rates is a rewrite of the same schema: the same
// values are valid before and after. Redocly (like Specmatic, whose users reported it) compares
// schemas by their text, so an identical `anyOf` + `null` written as a type list, or a `pattern`
// rewritten to an equivalent regular expression, comes out breaking. This check compares
// meanings: annotations dropped, references resolved, type lists and `anyOf`s of bare types
// folded into one set, `required` and `enum` as sets, and patterns compared as languages (refa's
// minimal DFAs of the JSON Schema reading: the pattern matches anywhere in the string, `u` flag).
import { isObject, resolveRef } from "@atlas-admin/spec-kit";
import { DFA, JS, NFA, Transformers, transform } from "refa";

/** Patterns longer than this are not compared (kept as Redocly rates them). */
export const MAX_PATTERN_LENGTH = 1_000;
/** States an automaton may have while comparing two patterns; past it, the patterns count as different. */
export const MAX_AUTOMATON_NODES = 20_000;
/** Schema depth compared; deeper (or circular) schemas count as different. */
export const MAX_SCHEMA_DEPTH = 64;

const ANNOTATIONS = new Set(["description", "title", "examples", "example", "$comment", "deprecated"]);
const SCHEMA_LISTS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs"]);
const SCHEMA_VALUES = new Set([
  "items",
  "additionalProperties",
  "not",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
  "unevaluatedProperties",
  "unevaluatedItems",
]);

/**
 * The node at a JSON pointer (`#/paths/~1a/get/…`) of a bundled document, following local
 * references at every step; `undefined` when the pointer leads nowhere.
 */
export function nodeAt(document, pointer) {
  let node = document;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = resolveRef(document, node);
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return resolveRef(document, node);
}

/**
 * The pointer of the schema a change is about: the change's own pointer with trailing keywords
 * dropped up to the nearest property (`…/properties/<name>`) or whole schema (`…/schema`).
 */
export function schemaPointer(pointer) {
  const parts = pointer.split("/");
  while (parts.length > 2) {
    if (parts.at(-1) === "schema" || parts.at(-2) === "properties") return parts.join("/");
    parts.pop();
  }
  return undefined;
}

/** A schema in canonical form, or throws RangeError past {@link MAX_SCHEMA_DEPTH}. */
function canonical(document, schema, depth = 0) {
  if (depth > MAX_SCHEMA_DEPTH) throw new RangeError("schema too deep");
  const node = resolveRef(document, schema);
  if (!isObject(node)) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (SCHEMA_LISTS.has(key) && Array.isArray(value))
      out[key] = value.map((v) => canonical(document, v, depth + 1));
    else if (SCHEMA_MAPS.has(key) && isObject(value))
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, v]) => [name, canonical(document, v, depth + 1)]),
      );
    else if (SCHEMA_VALUES.has(key) && isObject(value)) out[key] = canonical(document, value, depth + 1);
    else out[key] = value;
  }
  if (typeof out.type === "string") out.type = [out.type];
  // `anyOf: [{type: a}, {type: b}]` (bare types) is `type: [a, b]`.
  for (const key of ["anyOf", "oneOf"]) {
    const branches = out[key];
    if (!Array.isArray(branches) || out.type !== undefined) continue;
    if (branches.every((b) => isObject(b) && Object.keys(b).length === 1 && Array.isArray(b.type))) {
      const types = branches.flatMap((b) => b.type);
      if (key === "oneOf" && new Set(types).size !== types.length) continue;
      out.type = types;
      delete out[key];
    }
  }
  // `anyOf: [S, {type: null}]` is S with `null` added to its types, when S states its type and
  // no `enum` or `const` (which would still refuse null).
  const branches = out.anyOf;
  if (Array.isArray(branches) && branches.length === 2 && out.type === undefined) {
    const isNull = (b) =>
      isObject(b) && Object.keys(b).length === 1 && b.type?.length === 1 && b.type[0] === "null";
    const other = branches.find((b) => !isNull(b));
    if (
      branches.some(isNull) &&
      isObject(other) &&
      Array.isArray(other.type) &&
      !("enum" in other) &&
      !("const" in other)
    ) {
      delete out.anyOf;
      for (const [key, value] of Object.entries(other)) if (!(key in out)) out[key] = value;
      out.type = [...other.type, "null"];
    }
  }
  if (Array.isArray(out.type)) out.type = [...new Set(out.type)].sort();
  if (Array.isArray(out.required)) out.required = [...new Set(out.required)].sort();
  if (Array.isArray(out.enum)) out.enum = [...new Set(out.enum.map((v) => JSON.stringify(v)))].sort();
  return out;
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) =>
    key === "pattern" && typeof a[key] === "string" && typeof b[key] === "string"
      ? equivalentPatterns(a[key], b[key])
      : key in b && deepEqual(a[key], b[key]),
  );
}

function automaton(pattern) {
  const { expression, maxCharacter } = JS.Parser.fromLiteral({
    source: `^[^]*(?:${pattern})[^]*$`,
    flags: "u",
  }).parse();
  let simplified = transform(Transformers.simplify(), expression);
  simplified = transform(Transformers.patternEdgeAssertions({ remove: true }), simplified);
  const nfa = NFA.fromRegex(
    simplified,
    { maxCharacter },
    { assertions: "throw" },
    new NFA.LimitedNodeFactory(MAX_AUTOMATON_NODES),
  );
  const dfa = DFA.fromFA(nfa, new DFA.LimitedNodeFactory(MAX_AUTOMATON_NODES));
  dfa.minimize();
  return dfa;
}

/**
 * Whether two JSON Schema `pattern`s accept the same strings (ECMA-262 with the `u` flag, matched
 * anywhere in the string, as JSON Schema reads them). False when either is not a valid
 * expression, has assertions or back-references that cannot be compared, is longer than
 * {@link MAX_PATTERN_LENGTH}, or needs more than {@link MAX_AUTOMATON_NODES} states.
 */
export function equivalentPatterns(a, b) {
  if (a === b) return true;
  if (a.length > MAX_PATTERN_LENGTH || b.length > MAX_PATTERN_LENGTH) return false;
  try {
    return automaton(a).structurallyEqual(automaton(b));
  } catch {
    return false;
  }
}

/**
 * Whether the schema at `pointer` means the same in both bundled documents (same values valid).
 * False when it is missing from either, or too deep to compare.
 */
export function equivalentSchemasAt(base, revision, pointer) {
  const before = nodeAt(base, pointer);
  const after = nodeAt(revision, pointer);
  if (before === undefined || after === undefined) return false;
  try {
    return deepEqual(canonical(base, before), canonical(revision, after));
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}
