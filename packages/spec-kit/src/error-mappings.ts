// Checks the spec's `x-atlas-error` mappings (see spec/README.md): each one must sit next to the
// rule it names, and name an error code that the operation documents with a named 400 example
// whose `detail` the mapping's template reproduces from the example's own `parameters`.
import type { ErrorObject } from "ajv";
import {
  type ExampleObject,
  eachOperation,
  isObject,
  type JsonNode,
  type OpenApiDocument,
  type OperationObject,
  type RequestBodyObject,
  type ResponseObject,
  resolveRef,
  type SchemaObject,
} from "./document.js";
import { createSpecValidator, type SpecValidator } from "./validator.js";

export const ERROR_EXTENSION = "x-atlas-error";
/** The rule keywords a mapping may name; the mock reports each of them. */
export const MAPPABLE_KEYWORDS: readonly string[] = [
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

/** One mapping: the Atlas error a broken rule gives. */
interface ErrorMapping {
  errorCode?: unknown;
  detail?: unknown;
  parameters?: string[];
}

/** The error the spec maps for the first broken rule of a body. */
/** Fills `{value}`, `{name}` and `{field}` in a mapping's template; unknown placeholders stay. */
export function renderTemplate(template: string, values: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}

function mappingsOf(node: unknown): Record<string, ErrorMapping> | undefined {
  return isObject(node) ? (node[ERROR_EXTENSION] as Record<string, ErrorMapping> | undefined) : undefined;
}

/** Every schema node reachable from `node`, following local `$ref`s, each with its location. */
function reachableSchemas(
  spec: OpenApiDocument,
  node: unknown,
  where: string,
  found = new Map<JsonNode, string>(),
): Map<JsonNode, string> {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      reachableSchemas(spec, item, `${where}/${i}`, found);
    });
    return found;
  }
  if (!isObject(node)) return found;
  if (typeof node.$ref === "string") return reachableSchemas(spec, resolveRef(spec, node), node.$ref, found);
  if (found.has(node)) return found;
  found.set(node, where);
  for (const [key, value] of Object.entries(node)) {
    if (key !== ERROR_EXTENSION && key !== "x-mock-value" && key !== "x-mock-list" && key !== "examples")
      reachableSchemas(spec, value, `${where}/${key}`, found);
  }
  return found;
}

/** The named examples of an operation's 400 response: `[name, value]`. */
function badRequestExamples(spec: OpenApiDocument, operation: OperationObject): [string, unknown][] {
  const response = resolveRef<ResponseObject | undefined>(spec, operation.responses?.["400"]);
  const examples = response?.content?.["application/json"]?.examples ?? {};
  return Object.entries(examples).map(([name, example]) => [
    name,
    resolveRef<ExampleObject>(spec, example).value,
  ]);
}

/**
 * The error codes the spec maps (`x-atlas-error`) for the rules a request body breaks, found with
 * Ajv (not with the mock's code): one per broken rule, `VALIDATION_ERROR` for a rule without a
 * mapping, without repeats; `undefined` for a valid body. The rules of a top-level `anyOf` are
 * those of the closest branch (fewest errors, the first such branch); closest branches that each
 * only miss required properties are the `anyOf` itself. Which of the codes a server answers is
 * the first broken rule in reading order (spec/README.md), an order the mock implements once
 * (packages/mock/src/atlas/validate-input.ts); with one rule broken there is one code.
 * `validator` must be created with `{ verbose: true }` so that errors carry their schema node.
 * @throws TypeError when the operation has no JSON request body.
 */
export function bodyErrorCodes(
  validator: SpecValidator,
  path: string,
  method: string,
  body: unknown,
): string[] | undefined {
  const { spec } = validator;
  const operation = (spec.paths[path] as Record<string, OperationObject>)[method] as OperationObject;
  const root = resolveRef<RequestBodyObject>(spec, operation.requestBody).content?.["application/json"]
    ?.schema;
  const resolved = resolveRef<SchemaObject>(spec, root);
  const branches: unknown[] = Array.isArray(resolved.anyOf) ? resolved.anyOf : [root];
  const results = branches.map((branch) => {
    const validate = validator.compile(branch);
    if (validate(body)) return { branch, errors: [] as ErrorObject[] };
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== "anyOf");
    const wrongType = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
    return {
      branch,
      errors: errors.filter((e) => e.keyword === "type" || !wrongType.has(e.instancePath)),
    };
  });
  if (results.some((r) => r.errors.length === 0)) return undefined;
  const fewest = Math.min(...results.map((r) => r.errors.length));
  const closest = results.filter((r) => r.errors.length === fewest);
  if (closest.length > 1 && closest.every((r) => r.errors.every((e) => e.keyword === "required")))
    return [errorCodeOf(mappingsOf(resolved)?.anyOf)];
  const { errors } = closest[0] as (typeof results)[number];
  return [...new Set(errors.map((error) => errorCodeOf(mappingsOf(error.parentSchema)?.[error.keyword])))];
}

function errorCodeOf(mapping: ErrorMapping | undefined): string {
  return typeof mapping?.errorCode === "string" ? mapping.errorCode : "VALIDATION_ERROR";
}

/** Problems with the spec's error mappings, one line each; an empty list when every mapping holds. */
export function checkErrorMappings(spec: OpenApiDocument): string[] {
  const problems: string[] = [];
  const apiError = createSpecValidator(spec).schema("ApiError");
  const mapped = new Map<JsonNode, string>(); // schema node -> where, for every node some operation's body reaches
  for (const { path, method, operation } of eachOperation(spec)) {
    const body = resolveRef<RequestBodyObject | undefined>(spec, operation.requestBody);
    const schema = body?.content?.["application/json"]?.schema;
    if (!schema) continue;
    const examples = badRequestExamples(spec, operation);
    const operationName = `${method.toUpperCase()} ${path}`;
    for (const [node, where] of reachableSchemas(spec, schema, `${operationName} request body`)) {
      const mappings = mappingsOf(node);
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
        const { errorCode, detail: template } = mapping;
        const parameters = mapping.parameters ?? [];
        for (const text of [template, ...parameters]) {
          for (const [, name] of String(text).matchAll(PLACEHOLDER)) {
            if (!PLACEHOLDER_NAMES.has(name as string)) problems.push(`${at}: unknown placeholder {${name}}`);
          }
        }
        const documented = examples.filter(([, value]) => isObject(value) && value.errorCode === errorCode);
        if (documented.length === 0) {
          problems.push(`${at}: ${operationName} documents no 400 example with errorCode ${errorCode}`);
        }
        for (const [name, value] of documented) {
          if (!apiError(value)) {
            problems.push(`${at}: the 400 example ${name} is not a valid ApiError`);
            continue;
          }
          const example = value as { detail?: unknown; parameters?: unknown[] };
          // The example's parameters fill the template's placeholders, which must give its detail.
          const values: Record<string, unknown> = {};
          parameters.forEach((parameter, i) => {
            const only = /^\{([a-z]+)\}$/.exec(parameter);
            if (only) values[only[1] as string] = example.parameters?.[i];
          });
          const detail = renderTemplate(template, values);
          if (detail !== example.detail) {
            problems.push(`${at}: gives "${detail}" where the 400 example ${name} says "${example.detail}"`);
          }
          if ((example.parameters ?? []).length !== parameters.length) {
            problems.push(
              `${at}: ${parameters.length} parameters, the 400 example ${name} has ${(example.parameters ?? []).length}`,
            );
          }
        }
      }
    }
  }
  // A mapping on a schema no request body reaches is dead: nothing would ever report it.
  const visit = (node: unknown, where: string) => {
    if (node === null || typeof node !== "object") return;
    if ((node as JsonNode)[ERROR_EXTENSION] !== undefined && !mapped.has(node as JsonNode)) {
      problems.push(`${where}: ${ERROR_EXTENSION} on a schema no request body uses`);
    }
    for (const [key, value] of Object.entries(node)) visit(value, `${where}/${key}`);
  };
  visit(spec.components?.schemas, "#/components/schemas");
  return problems;
}

/** A request that breaks one mapped rule, built from the 400 example naming its error code. */
export interface MappingRequest {
  /** Where the mapping is: `POST /orgs/{orgId}/apiKeys request body#/properties/desc x-atlas-error.maxLength`. */
  readonly mapping: string;
  readonly path: string;
  readonly method: string;
  /** The operation's first named request example, with the rule broken at `pointer`. */
  readonly body: unknown;
  /** JSON pointer into the body of the broken value (or of the object given an unknown attribute). */
  readonly pointer: string;
  /** The named 400 example the answer must match: its name, `errorCode` and `detail`. */
  readonly example: string;
  readonly errorCode: string;
  readonly detail: string;
}

/**
 * One request per `x-atlas-error` mapping and named 400 example with its code: the operation's
 * request example with the mapped rule broken, the value taken from the example's `parameters`
 * (`{value}`, or `{name}` for an unknown attribute) or made from the rule's bound (`minLength`,
 * `maxLength`, `minItems`, `maxItems`). Sending each to a server and comparing its answer with the
 * example proves the mapping: the examples are the oracle, no second reading of the rules.
 * @throws Error naming a mapping no request can be built for.
 */
export function mappingRequests(spec: OpenApiDocument): MappingRequest[] {
  const requests: MappingRequest[] = [];
  for (const { path, method, operation } of eachOperation(spec)) {
    const body = resolveRef<RequestBodyObject | undefined>(spec, operation.requestBody);
    const media = body?.content?.["application/json"];
    if (media?.schema === undefined) continue;
    const [first] = Object.values(media.examples ?? {});
    const base = first === undefined ? {} : resolveRef<ExampleObject>(spec, first).value;
    const examples = badRequestExamples(spec, operation);
    const name = `${method.toUpperCase()} ${path}`;
    for (const { node, pointer } of mappedNodes(spec, media.schema, [])) {
      for (const [keyword, mapping] of Object.entries(mappingsOf(node) ?? {})) {
        if (typeof mapping.errorCode !== "string") continue;
        for (const [exampleName, value] of examples) {
          if (!isObject(value) || value.errorCode !== mapping.errorCode) continue;
          const parameters = (value.parameters ?? []) as unknown[];
          const given = (placeholder: string) => {
            const index = (mapping.parameters ?? []).indexOf(placeholder);
            return index === -1 ? undefined : parameters[index];
          };
          const where = `${name} request body#/${pointer.join("/")} ${ERROR_EXTENSION}.${keyword}`;
          const request = structuredClone(base) as unknown;
          if (keyword === "additionalProperties") {
            const attribute = String(given("{name}") ?? "notAnAttribute");
            const target = valueAt(request, pointer);
            if (isObject(target)) target[attribute] = "x";
            else setAt(request, pointer, { [attribute]: "x" });
          } else {
            const broken = given("{value}") ?? breaking(node, keyword);
            if (broken === undefined)
              throw new Error(`${where}: no value in ${exampleName} and none to make`);
            setAt(request, pointer, broken);
          }
          if (requests.some((r) => r.mapping === where && r.example === exampleName)) continue;
          requests.push({
            mapping: where,
            path,
            method,
            body: request,
            pointer: `/${pointer.join("/")}`.replace(/^\/$/, ""),
            example: exampleName,
            errorCode: mapping.errorCode,
            detail: String(value.detail),
          });
        }
      }
    }
  }
  return requests;
}

/** The schema nodes carrying mappings under `node`, each with the instance path it validates. */
function mappedNodes(
  spec: OpenApiDocument,
  node: unknown,
  pointer: string[],
  depth = 0,
): { node: JsonNode; pointer: string[] }[] {
  const schema = resolveRef<SchemaObject | undefined>(spec, node);
  if (!isObject(schema) || depth > 32) return [];
  const found = mappingsOf(schema) === undefined ? [] : [{ node: schema as JsonNode, pointer }];
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    found.push(...mappedNodes(spec, property, [...pointer, key], depth + 1));
  if (schema.items !== undefined)
    found.push(...mappedNodes(spec, schema.items, [...pointer, "0"], depth + 1));
  for (const branch of [schema.anyOf, schema.oneOf, schema.allOf].flat())
    if (branch !== undefined) found.push(...mappedNodes(spec, branch, pointer, depth + 1));
  return found;
}

/** A value that breaks a bound rule of `node`, or undefined when the rule has no bound to cross. */
function breaking(node: JsonNode, keyword: string): unknown {
  const bound = node[keyword];
  if (typeof bound !== "number") return undefined;
  switch (keyword) {
    case "minLength":
      return bound > 0 ? "x".repeat(bound - 1) : undefined;
    case "maxLength":
      return "x".repeat(bound + 1);
    case "minItems":
      return bound > 0 ? Array.from({ length: bound - 1 }, () => "x") : undefined;
    case "maxItems":
      return Array.from({ length: bound + 1 }, () => "x");
    default:
      return undefined;
  }
}

function valueAt(root: unknown, pointer: readonly string[]): unknown {
  return pointer.reduce<unknown>(
    (value, key) => (isObject(value) || Array.isArray(value) ? (value as never)[key] : undefined),
    root,
  );
}

/** Sets the value at `pointer`, making the objects and arrays on the way. */
function setAt(root: unknown, pointer: readonly string[], value: unknown): void {
  let container = root as Record<string, unknown>;
  pointer.forEach((key, i) => {
    if (i === pointer.length - 1) container[key] = value;
    else {
      if (!isObject(container[key]) && !Array.isArray(container[key]))
        container[key] = /^\d+$/.test(pointer[i + 1] as string) ? [] : {};
      container = container[key] as Record<string, unknown>;
    }
  });
}
