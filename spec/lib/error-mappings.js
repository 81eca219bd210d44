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
  "uniqueItems",
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
    if (key !== ERROR_EXTENSION && key !== "x-mock-value" && key !== "x-mock-list" && key !== "examples")
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

const KEYWORD_RANK = {
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
 * The error the spec maps for the first broken rule of a request body, found with Ajv (not with
 * the mock's code): `{ errorCode, keyword, instancePath }`, or `undefined` for a valid body.
 * The rules of a top-level `anyOf` are those of the closest branch (fewest errors, the first such
 * branch); closest branches that each only miss required properties are the `anyOf` itself. The
 * first rule is the first in reading order (spec/README.md): at each value its type, its own
 * rules, unknown attributes, then its properties in the schema's order (items in order), then
 * missing required properties.
 */
export function expectedBodyError(validator, path, method, body) {
  const { spec } = validator;
  const operation = spec.paths[path][method];
  const root = resolveRef(spec, operation.requestBody).content["application/json"].schema;
  const resolved = resolveRef(spec, root);
  const branches = Array.isArray(resolved.anyOf) ? resolved.anyOf : [root];
  const results = branches.map((branch) => {
    const validate = validator.compile(branch);
    if (validate(body)) return { branch, errors: [] };
    const errors = validate.errors.filter((e) => e.keyword !== "anyOf");
    const wrongType = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
    return {
      branch,
      errors: errors.filter((e) => e.keyword === "type" || !wrongType.has(e.instancePath)),
    };
  });
  if (results.some((r) => r.errors.length === 0)) return undefined;
  const fewest = Math.min(...results.map((r) => r.errors.length));
  const closest = results.filter((r) => r.errors.length === fewest);
  if (closest.length > 1 && closest.every((r) => r.errors.every((e) => e.keyword === "required"))) {
    const mapping = resolved[ERROR_EXTENSION]?.anyOf;
    return { errorCode: mapping?.errorCode ?? "VALIDATION_ERROR", keyword: "anyOf", instancePath: "" };
  }
  const { branch, errors } = closest[0];
  const keyOf = (error) => {
    const key = [];
    let node = resolveRef(spec, branch);
    for (const segment of error.instancePath.split("/").slice(1)) {
      if (node.properties) {
        key.push(1, Object.keys(node.properties).indexOf(segment));
        node = resolveRef(spec, node.properties[segment]);
      } else {
        key.push(1, Number(segment));
        node = resolveRef(spec, node.items);
      }
    }
    if (error.keyword === "required")
      key.push(2, (node.required ?? []).indexOf(error.params.missingProperty));
    // Duplicates are judged once the items themselves are valid: after the items.
    else if (error.keyword === "uniqueItems") key.push(2, -1);
    else key.push(0, KEYWORD_RANK[error.keyword] ?? 6);
    return key;
  };
  const compare = (a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = (a[i] ?? -1) - (b[i] ?? -1);
      if (d !== 0) return d;
    }
    return 0;
  };
  const first = errors
    .map((error, index) => ({ error, key: keyOf(error), index }))
    .sort((a, b) => compare(a.key, b.key) || a.index - b.index)[0].error;
  const mapping = first.parentSchema?.[ERROR_EXTENSION]?.[first.keyword];
  return {
    errorCode: mapping?.errorCode ?? "VALIDATION_ERROR",
    keyword: first.keyword,
    instancePath: first.instancePath,
  };
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
            problems.push(
              `${at}: ${parameters.length} parameters, the 400 example ${name} has ${(value.parameters ?? []).length}`,
            );
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
