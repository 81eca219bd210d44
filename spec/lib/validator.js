// Ajv validators compiled from the bundled spec (dist/openapi.json): the spec's own tests and
// the contract tests check data with these, independently of Redocly and Prism.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const SCHEMAS_ID = "https://atlas-admin.invalid/openapi/components/schemas";
const SCHEMA_REF_PREFIX = "#/components/schemas/";
/** Extensions this spec puts on schemas; Ajv is told they are annotations. */
export const SCHEMA_EXTENSIONS = ["x-atlas-error", "x-mock-value", "x-mock-list"];

/**
 * The bundled spec: `ATLAS_SPEC_BUNDLE` (the path of another bundle's `openapi.json`, for a copy of
 * the spec) or this package's own `dist/openapi.json`.
 */
export const bundledSpecPath =
  process.env.ATLAS_SPEC_BUNDLE || fileURLToPath(new URL("../dist/openapi.json", import.meta.url));
/** The service-account token service (src/oauth/openapi.yaml), bundled. */
export const bundledOAuthSpecPath = fileURLToPath(new URL("../dist/oauth.json", import.meta.url));

export function loadBundledSpec(path = bundledSpecPath) {
  let text;
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
    return JSON.parse(text);
  } catch (cause) {
    throw new Error(
      `The bundled spec ${path} is not valid JSON: run \`pnpm --filter @atlas-admin/spec run bundle\`.`,
      {
        cause,
      },
    );
  }
}

/** Resolves a local `$ref` ("#/a/b~1c") against the document; other values pass through. */
export function resolveRef(spec, value) {
  let node = value;
  const seen = new Set();
  while (node && typeof node.$ref === "string") {
    if (seen.has(node.$ref)) throw new Error(`Circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    node = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((parent, key) => parent?.[key], spec);
    if (node === undefined) throw new Error(`Unresolvable $ref ${[...seen].at(-1)}`);
  }
  return node;
}

function pointComponentRefsAtAjv(node) {
  if (Array.isArray(node)) return node.map(pointComponentRefsAtAjv);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === "$ref" && typeof value === "string" && value.startsWith(SCHEMA_REF_PREFIX)
        ? [key, `${SCHEMAS_ID}#/$defs/${value.slice(SCHEMA_REF_PREFIX.length)}`]
        : [key, pointComponentRefsAtAjv(value)],
    ),
  );
}

export function createSpecValidator(spec = loadBundledSpec(), { verbose = false } = {}) {
  // `verbose` puts each error's schema node (`parentSchema`) on it, mappings included.
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose });
  addFormats(ajv);
  // The spec's own extensions (described in spec/README.md): annotations, not assertions.
  ajv.addVocabulary(SCHEMA_EXTENSIONS);
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: pointComponentRefsAtAjv(spec.components?.schemas ?? {}) });

  const compile = (schema) => ajv.compile(pointComponentRefsAtAjv(schema));
  const operation = (path, method) => {
    const op = spec.paths?.[path]?.[method];
    if (!op) throw new Error(`The spec has no operation ${method.toUpperCase()} ${path}.`);
    return op;
  };

  return {
    spec,
    schema(name) {
      const validate = ajv.getSchema(`${SCHEMAS_ID}#/$defs/${name}`);
      if (!validate) throw new Error(`The spec has no schema components/schemas/${name}.`);
      return validate;
    },
    compile,
    requestBody(path, method) {
      const body = resolveRef(spec, operation(path, method).requestBody);
      return compile(body.content["application/json"].schema);
    },
    response(path, method, status) {
      const response = resolveRef(spec, operation(path, method).responses?.[String(status)]);
      if (!response) throw new Error(`${method.toUpperCase()} ${path} documents no ${status} response.`);
      return compile(response.content["application/json"].schema);
    },
    parameter(path, method, name) {
      const parameters = [
        ...(spec.paths[path].parameters ?? []),
        ...(operation(path, method).parameters ?? []),
      ];
      const parameter = parameters.map((p) => resolveRef(spec, p)).find((p) => p.name === name);
      if (!parameter) throw new Error(`${method.toUpperCase()} ${path} has no parameter ${name}.`);
      return compile(parameter.schema);
    },
    errorsText(validate) {
      return ajv.errorsText(validate.errors, { separator: "; " });
    },
  };
}
