// Checks the spec's `x-atlas-error` mappings (see spec/README.md): each one must sit next to the
// rule it names, and name an error code that the operation documents with a named 400 example
// whose `detail` the mapping's template reproduces from the example's own `parameters`.
import { createSpecValidator, loadBundledSpec, resolveRef } from "./validator.js";

export const ERROR_EXTENSION = "x-atlas-error";
/** The rule keywords a mapping may name; the mock reports each of them. */
export const MAPPABLE_KEYWORDS = [
  "type",
  "enum",
  "pattern",
  "format",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minimum",
  "maximum",
  "required",
  "additionalProperties",
  "anyOf",
];
const PLACEHOLDER = /\{([a-z]+)\}/g;
const PLACEHOLDER_NAMES = new Set(["value", "name", "field"]);

/** Fills `{value}`, `{name}` and `{field}` in a mapping's template. */
export function renderTemplate(template, values) {
  return template.replace(PLACEHOLDER, (whole, name) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}

/** Every schema node reachable from `node`, following local `$ref`s, each with its location. */
function reachableSchemas(spec, node, where, found = new Map()) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      reachableSchemas(spec, item, `${where}/${i}`, found);
    });
    return found;
  }
  if (node === null || typeof node !== "object") return found;
  if (typeof node.$ref === "string") return reachableSchemas(spec, resolveRef(spec, node), node.$ref, found);
  if (found.has(node)) return found;
  found.set(node, where);
  for (const [key, value] of Object.entries(node)) {
    if (key !== ERROR_EXTENSION && key !== "x-mock-value" && key !== "examples")
      reachableSchemas(spec, value, `${where}/${key}`, found);
  }
  return found;
}

function operationsOf(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "put", "post", "delete", "patch"].includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** The named examples of an operation's 400 response, by name. */
function badRequestExamples(spec, operation) {
  const response = resolveRef(spec, operation.responses?.["400"]);
  const examples = response?.content?.["application/json"]?.examples ?? {};
  return Object.entries(examples).map(([name, example]) => [name, resolveRef(spec, example).value]);
}

/** Problems with the spec's error mappings; an empty list when every mapping holds. */
export function checkErrorMappings(spec = loadBundledSpec()) {
  const problems = [];
  const apiError = createSpecValidator(spec).schema("ApiError");
  const mapped = new Map(); // schema node -> where, for every node some operation's body reaches
  for (const { path, method, operation } of operationsOf(spec)) {
    const body = resolveRef(spec, operation.requestBody);
    const schema = body?.content?.["application/json"]?.schema;
    if (!schema) continue;
    const examples = badRequestExamples(spec, operation);
    const operationName = `${method.toUpperCase()} ${path}`;
    for (const [node, where] of reachableSchemas(spec, schema, `${operationName} request body`)) {
      const mappings = node[ERROR_EXTENSION];
      if (mappings === undefined) continue;
      mapped.set(node, where);
      for (const [keyword, mapping] of Object.entries(mappings)) {
        const at = `${where} ${ERROR_EXTENSION}.${keyword}`;
        if (!MAPPABLE_KEYWORDS.includes(keyword)) {
          problems.push(`${at}: ${keyword} is not a rule the mock reports (${MAPPABLE_KEYWORDS.join(", ")})`);
          continue;
        }
        if (!(keyword in node) || (keyword === "additionalProperties" && node[keyword] !== false)) {
          problems.push(`${at}: the schema has no ${keyword} rule to map`);
        }
        if (typeof mapping?.errorCode !== "string" || typeof mapping.detail !== "string") {
          problems.push(`${at}: needs errorCode and detail strings`);
          continue;
        }
        const parameters = mapping.parameters ?? [];
        const templates = [mapping.detail, ...parameters];
        for (const template of templates) {
          for (const [, name] of String(template).matchAll(PLACEHOLDER)) {
            if (!PLACEHOLDER_NAMES.has(name)) problems.push(`${at}: unknown placeholder {${name}}`);
          }
        }
        const documented = examples.filter(([, value]) => value?.errorCode === mapping.errorCode);
        if (documented.length === 0) {
          problems.push(
            `${at}: ${operationName} documents no 400 example with errorCode ${mapping.errorCode}`,
          );
        }
        for (const [name, value] of documented) {
          if (!apiError(value)) {
            problems.push(`${at}: the 400 example ${name} is not a valid ApiError`);
            continue;
          }
          // The example's parameters fill the template's placeholders, which must give its detail.
          const values = {};
          parameters.forEach((template, i) => {
            const only = /^\{([a-z]+)\}$/.exec(template);
            if (only) values[only[1]] = value.parameters?.[i];
          });
          const detail = renderTemplate(mapping.detail, values);
          if (detail !== value.detail) {
            problems.push(`${at}: gives "${detail}" where the 400 example ${name} says "${value.detail}"`);
          }
          if ((value.parameters ?? []).length !== parameters.length) {
            problems.push(`${at}: ${parameters.length} parameters, the 400 example ${name} has ${(value.parameters ?? []).length}`);
          }
        }
      }
    }
  }
  // A mapping on a schema no request body reaches is dead: nothing would ever report it.
  const visit = (node, where) => {
    if (node === null || typeof node !== "object") return;
    if (node[ERROR_EXTENSION] !== undefined && !mapped.has(node)) {
      problems.push(`${where}: ${ERROR_EXTENSION} on a schema no request body uses`);
    }
    for (const [key, value] of Object.entries(node)) visit(value, `${where}/${key}`);
  };
  visit(spec.components?.schemas, "#/components/schemas");
  return problems;
}
