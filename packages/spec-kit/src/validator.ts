// Ajv validators compiled from the bundled spec: the spec's own tests and the contract tests check
// data with these, independently of Redocly and Prism.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import {
  isObject,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type RequestBodyObject,
  type ResponseObject,
  resolveRef,
} from "./document.js";

// ajv-formats is CommonJS: its default export is the function under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const SCHEMAS_ID = "https://atlas-admin.invalid/openapi/components/schemas";
const SCHEMA_REF_PREFIX = "#/components/schemas/";
/** Extensions this spec puts on schemas; Ajv is told they are annotations. */
export const SCHEMA_EXTENSIONS = ["x-atlas-error", "x-mock-value", "x-mock-list"] as const;

/** Ajv validators of the parts of one spec. */
export interface SpecValidator {
  readonly spec: OpenApiDocument;
  /**
   * The validator of `components/schemas/<name>`.
   * @throws Error when the spec has no such schema.
   */
  schema(name: string): ValidateFunction;
  /** Compiles any schema of the spec; `#/components/schemas/...` references resolve. */
  compile(schema: unknown): ValidateFunction;
  /**
   * The validator of an operation's JSON request body.
   * @throws Error when the spec has no such operation.
   */
  requestBody(path: string, method: string): ValidateFunction;
  /**
   * The validator of an operation's JSON response of `status`.
   * @throws Error when the spec has no such operation or response.
   */
  response(path: string, method: string, status: number | string): ValidateFunction;
  /**
   * The validator of an operation's (or its path's) parameter `name`.
   * @throws Error when the operation has no such parameter.
   */
  parameter(path: string, method: string, name: string): ValidateFunction;
  /** The errors of the last validation of `validate`, as one `; `-separated line. */
  errorsText(validate: ValidateFunction): string;
}

function pointComponentRefsAtAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pointComponentRefsAtAjv);
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === "$ref" && typeof value === "string" && value.startsWith(SCHEMA_REF_PREFIX)
        ? [key, `${SCHEMAS_ID}#/$defs/${value.slice(SCHEMA_REF_PREFIX.length)}`]
        : [key, pointComponentRefsAtAjv(value)],
    ),
  );
}

/**
 * Ajv (JSON Schema 2020-12, all errors, strict, with formats) validators of `spec`.
 * `verbose` (default false) puts each error's schema node (`parentSchema`) on it, mappings included.
 */
export function createSpecValidator(
  spec: OpenApiDocument,
  { verbose = false }: { verbose?: boolean } = {},
): SpecValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose });
  addFormats(ajv);
  // The spec's own extensions (described in spec/README.md): annotations, not assertions.
  ajv.addVocabulary([...SCHEMA_EXTENSIONS]);
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: pointComponentRefsAtAjv(spec.components?.schemas ?? {}) });

  const compile = (schema: unknown) => ajv.compile(pointComponentRefsAtAjv(schema) as object);
  const operation = (path: string, method: string): OperationObject => {
    const op = (spec.paths?.[path] as Record<string, OperationObject | undefined> | undefined)?.[method];
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
      const body = resolveRef<RequestBodyObject>(spec, operation(path, method).requestBody);
      return compile(body.content?.["application/json"]?.schema);
    },
    response(path, method, status) {
      const response = resolveRef<ResponseObject | undefined>(
        spec,
        operation(path, method).responses?.[String(status)],
      );
      if (!response) throw new Error(`${method.toUpperCase()} ${path} documents no ${status} response.`);
      return compile(response.content?.["application/json"]?.schema);
    },
    parameter(path, method, name) {
      const parameters = [
        ...(spec.paths[path]?.parameters ?? []),
        ...(operation(path, method).parameters ?? []),
      ];
      const parameter = parameters
        .map((p) => resolveRef<ParameterObject>(spec, p))
        .find((p) => p.name === name);
      if (!parameter) throw new Error(`${method.toUpperCase()} ${path} has no parameter ${name}.`);
      return compile(parameter.schema);
    },
    errorsText(validate) {
      return ajv.errorsText(validate.errors, { separator: "; " });
    },
  };
}
