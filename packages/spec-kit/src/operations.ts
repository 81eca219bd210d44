// Every operation of the bundled spec, read from the spec itself: the tests of every package take
// their list of operations from here, never from a list of their own.
import {
  type ExampleObject,
  eachOperation,
  type Method,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type Reference,
  type RequestBodyObject,
  type ResponseObject,
  resolveRef,
  type SchemaObject,
} from "./document.js";

/** A parameter of an operation, resolved. */
export type SpecParameter = ParameterObject;

/** An operation of the spec, with its parameters, body and responses resolved. */
export interface SpecOperation {
  path: string;
  method: Method;
  operationId: string;
  summary: string;
  tags: string[];
  operation: OperationObject;
  /** Path-level and operation-level parameters, resolved; operation-level ones win. */
  parameters: ParameterObject[];
  statuses: number[];
  /** The one 2xx status. */
  success: number;
  requestBody:
    | {
        required: boolean;
        schema: SchemaObject | Reference | undefined;
        examples: { name: string; value: unknown }[];
      }
    | undefined;
  /** The response of `status`, resolved; `undefined` when not documented. */
  response(status: number | string): ResponseObject | undefined;
  /** Every named example of every documented response: `[status, name, value]`. */
  namedExamples(): [number, string, unknown][];
  /**
   * The operation whose success response links here (OpenAPI `links`), and for each path
   * parameter it fills, the field of that operation's success body that fills it.
   */
  linkedFrom: { source: SpecOperation; fields: Record<string, string> } | undefined;
  /** The rate limit of the operation's endpoint group (its first tag with one), if the spec gives one. */
  rateLimit: SpecRateLimit | undefined;
}

export const RATE_LIMIT_EXTENSION = "x-atlas-rate-limit";

/**
 * An endpoint group's rate limit, as a tag's `x-atlas-rate-limit` declares it (MongoDB's
 * "Rate Limiting" page): a token bucket per scope key holding `capacity` requests, refilled by
 * `refill` requests every `periodSeconds`, continuously.
 */
export interface SpecRateLimit {
  /** The tag's name. */
  group: string;
  /** `ORGANIZATION` (one bucket per `orgId`), `GROUP` (per `groupId`) or another scope. */
  scope: string;
  capacity: number;
  refill: number;
  periodSeconds: number;
}

/** The path parameter whose value keys a scope's bucket (`undefined`: one bucket for the group). */
export function scopeParameter(scope: string): string | undefined {
  return scope === "ORGANIZATION" ? "orgId" : scope === "GROUP" ? "groupId" : undefined;
}

/**
 * The operations of `spec`, in the order of its paths and methods.
 * @throws Error when an operation documents other than exactly one 2xx status.
 */
export function specOperations(spec: OpenApiDocument): SpecOperation[] {
  const operations = listOperations(spec);
  // An operation that acts on what another one creates (an OpenAPI `link` from that one's success
  // response) is reached through it: `linkedFrom` names it and which body field fills which parameter.
  for (const source of operations) {
    const links = source.response(source.success)?.links ?? {};
    for (const link of Object.values(links)) {
      const target = operations.find((o) => o.operationId === link.operationId);
      if (target === undefined) continue;
      const fields: Record<string, string> = {};
      for (const [name, expression] of Object.entries(link.parameters ?? {})) {
        const field = /^\$response\.body#\/([^/]+)$/.exec(String(expression))?.[1];
        if (field !== undefined) fields[name] = field;
      }
      target.linkedFrom = { source, fields };
    }
  }
  return operations;
}

function listOperations(spec: OpenApiDocument): SpecOperation[] {
  const limits = new Map<string, SpecRateLimit>();
  for (const tag of (spec.tags ?? []) as {
    name: string;
    [RATE_LIMIT_EXTENSION]?: Omit<SpecRateLimit, "group">;
  }[]) {
    const limit = tag[RATE_LIMIT_EXTENSION];
    if (limit !== undefined) limits.set(tag.name, { ...limit, group: tag.name });
  }
  return eachOperation(spec).map(({ path, method, item, operation }) => {
    const parameters = mergeParameters(spec, item.parameters ?? [], operation.parameters ?? []);
    const responses = operation.responses ?? {};
    const statuses = Object.keys(responses);
    const successes = statuses.filter((status) => /^2\d\d$/.test(status));
    if (successes.length !== 1) {
      throw new Error(`${method.toUpperCase()} ${path} documents ${successes.length} success statuses`);
    }
    const requestBody =
      operation.requestBody === undefined
        ? undefined
        : resolveRef<RequestBodyObject>(spec, operation.requestBody);
    const bodyContent = requestBody?.content?.["application/json"];
    const response = (status: number | string) =>
      resolveRef<ResponseObject | undefined>(spec, responses[String(status)]);
    return {
      path,
      method,
      operationId: operation.operationId ?? "",
      summary: operation.summary ?? "",
      tags: operation.tags ?? [],
      operation,
      parameters,
      statuses: statuses.map(Number),
      linkedFrom: undefined,
      rateLimit: (operation.tags ?? []).map((tag) => limits.get(tag)).find((limit) => limit !== undefined),
      success: Number(successes[0]),
      requestBody:
        bodyContent === undefined
          ? undefined
          : {
              required: requestBody?.required === true,
              schema: bodyContent.schema,
              examples: Object.entries(bodyContent.examples ?? {}).map(([name, example]) => ({
                name,
                value: resolveRef<ExampleObject>(spec, example).value,
              })),
            },
      response,
      namedExamples: () =>
        statuses.flatMap((status) => {
          const content = response(status)?.content?.["application/json"];
          return Object.entries(content?.examples ?? {}).map(([name, example]): [number, string, unknown] => [
            Number(status),
            name,
            resolveRef<ExampleObject>(spec, example).value,
          ]);
        }),
    };
  });
}

/** Path-level parameters overridden by operation-level ones of the same name and location. */
function mergeParameters(
  spec: OpenApiDocument,
  pathLevel: (ParameterObject | Reference)[],
  operationLevel: (ParameterObject | Reference)[],
): ParameterObject[] {
  const merged = new Map<string, ParameterObject>();
  for (const parameter of [...pathLevel, ...operationLevel].map((p) =>
    resolveRef<ParameterObject>(spec, p),
  )) {
    merged.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...merged.values()];
}

/**
 * A valid value for each parameter of an operation, from its `example` (or its schema's first
 * example, or its default): path parameters by name, and required query parameters by name.
 * Parameters without any such value are left out.
 */
export function exampleParameters(operation: SpecOperation): {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
} {
  const params: { path: Record<string, unknown>; query: Record<string, unknown> } = { path: {}, query: {} };
  for (const parameter of operation.parameters) {
    const value = parameter.example ?? parameter.schema?.examples?.[0] ?? parameter.schema?.default;
    if (value === undefined) continue;
    if (parameter.in === "path") params.path[parameter.name] = value;
    else if (parameter.in === "query" && parameter.required) params.query[parameter.name] = value;
  }
  return params;
}

/**
 * A valid request body of an operation: its first named example; `undefined` without a body.
 * @throws Error when the operation has a body without a named example.
 */
export function exampleBody(operation: SpecOperation): unknown {
  if (operation.requestBody === undefined) return undefined;
  const example = operation.requestBody.examples[0];
  if (example === undefined) {
    throw new Error(`${operation.method.toUpperCase()} ${operation.path} has a body without a named example`);
  }
  return example.value;
}

/** `METHOD /path`, e.g. `POST /orgs/{orgId}/apiKeys`. */
export function operationName(operation: { method: string; path: string }): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}
