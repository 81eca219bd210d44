// Every operation of the bundled spec, read from the spec itself: the tests of every package take
// their list of operations from here, never from a list of their own.
import { resolveRef } from "./validator.js";

export const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** The operations of `spec`, in the order of its paths and methods. */
export function specOperations(spec) {
  const operations = listOperations(spec);
  // An operation that acts on what another one creates (an OpenAPI `link` from that one's success
  // response) is reached through it: `linkedFrom` names it and which body field fills which parameter.
  for (const source of operations) {
    const links = source.response(source.success)?.links ?? {};
    for (const link of Object.values(links)) {
      const target = operations.find((o) => o.operationId === link.operationId);
      if (target === undefined) continue;
      const fields = {};
      for (const [name, expression] of Object.entries(link.parameters ?? {})) {
        const field = /^\$response\.body#\/([^/]+)$/.exec(String(expression))?.[1];
        if (field !== undefined) fields[name] = field;
      }
      target.linkedFrom = { source, fields };
    }
  }
  return operations;
}

function listOperations(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => {
      const operation = item[method];
      const parameters = mergeParameters(spec, item.parameters ?? [], operation.parameters ?? []);
      const statuses = Object.keys(operation.responses ?? {});
      const successes = statuses.filter((status) => /^2\d\d$/.test(status));
      if (successes.length !== 1) {
        throw new Error(`${method.toUpperCase()} ${path} documents ${successes.length} success statuses`);
      }
      const requestBody =
        operation.requestBody === undefined ? undefined : resolveRef(spec, operation.requestBody);
      const bodyContent = requestBody?.content?.["application/json"];
      return {
        path,
        method,
        operationId: operation.operationId,
        summary: operation.summary,
        tags: operation.tags ?? [],
        operation,
        parameters,
        statuses: statuses.map(Number),
        /** The operation whose success response links here, and the body fields that fill parameters. */
        linkedFrom: undefined,
        success: Number(successes[0]),
        requestBody:
          bodyContent === undefined
            ? undefined
            : {
                required: requestBody.required === true,
                schema: bodyContent.schema,
                examples: Object.entries(bodyContent.examples ?? {}).map(([name, example]) => ({
                  name,
                  value: resolveRef(spec, example).value,
                })),
              },
        /** The response of `status`, resolved. */
        response: (status) => resolveRef(spec, operation.responses[String(status)]),
        /** Every named example of every documented response: [status, name, value]. */
        namedExamples: () =>
          statuses.flatMap((status) => {
            const content = resolveRef(spec, operation.responses[status])?.content?.["application/json"];
            return Object.entries(content?.examples ?? {}).map(([name, example]) => [
              Number(status),
              name,
              resolveRef(spec, example).value,
            ]);
          }),
      };
    }),
  );
}

/** Path-level parameters overridden by operation-level ones of the same name and location. */
function mergeParameters(spec, pathLevel, operationLevel) {
  const merged = new Map();
  for (const parameter of [...pathLevel, ...operationLevel].map((p) => resolveRef(spec, p))) {
    merged.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...merged.values()];
}

/**
 * A valid value for each parameter of an operation, from its `example` (or its schema's first
 * example, default or enum value): path parameters by name, then query parameters by name.
 */
export function exampleParameters(operation) {
  const params = { path: {}, query: {} };
  for (const parameter of operation.parameters) {
    const value = parameter.example ?? parameter.schema?.examples?.[0] ?? parameter.schema?.default;
    if (value === undefined) continue;
    if (parameter.in === "path") params.path[parameter.name] = value;
    else if (parameter.in === "query" && parameter.required) params.query[parameter.name] = value;
  }
  return params;
}

/** A valid request body of an operation: its first named example, or undefined without a body. */
export function exampleBody(operation) {
  if (operation.requestBody === undefined) return undefined;
  const example = operation.requestBody.examples[0];
  if (example === undefined) {
    throw new Error(`${operation.method.toUpperCase()} ${operation.path} has a body without a named example`);
  }
  return example.value;
}

/** `METHOD /path` */
export function operationName(operation) {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}
