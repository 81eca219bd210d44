// The try-it panel's reading of the spec, made at build time and embedded in the page as JSON:
// every operation with its parameters, named request examples and documented responses, the API's
// base URL and the service accounts' token URL. Generic over the spec: no operation is named here.
// Plain JavaScript with no workspace import, so the page builds from the spec's bundle alone.
const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"];

const resolve = (spec, value) => {
  for (let hops = 0; hops < 10 && typeof value?.$ref === "string" && value.$ref.startsWith("#/"); hops++) {
    value = value.$ref
      .slice(2)
      .split("/")
      .reduce((node, key) => node?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  }
  return value;
};

/** A parameter's example: `example`, its first named example, its schema's example or default. */
function parameterExample(spec, parameter) {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {})[0];
  if (named !== undefined) return resolve(spec, named).value;
  const schema = resolve(spec, parameter.schema) ?? {};
  return schema.example ?? schema.examples?.[0];
}

function parameterOf(spec, raw) {
  const parameter = resolve(spec, raw);
  const schema = resolve(spec, parameter.schema) ?? {};
  return {
    name: parameter.name,
    in: parameter.in,
    required: parameter.required === true,
    description: (parameter.description ?? "").split("\n")[0],
    example: parameterExample(spec, parameter),
    default: schema.default,
    enum: schema.enum ?? (schema.type === "boolean" ? [true, false] : undefined),
  };
}

function operationOf(spec, template, method, pathItem, operation) {
  const merged = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = parameterOf(spec, raw);
    merged.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  const media = resolve(spec, operation.requestBody)?.content?.["application/json"];
  const body =
    media === undefined
      ? undefined
      : {
          required: resolve(spec, operation.requestBody).required === true,
          examples: [
            ...Object.entries(media.examples ?? {}).map(([name, example]) => ({
              name,
              value: resolve(spec, example).value,
            })),
            ...(media.example === undefined ? [] : [{ name: "example", value: media.example }]),
          ],
        };
  const responses = Object.entries(operation.responses ?? {}).map(([status, raw]) => {
    const response = resolve(spec, raw);
    const content = response?.content?.["application/json"];
    return {
      status,
      description: (response?.description ?? "").split(".")[0],
      examples: Object.keys(content?.examples ?? {}),
      headers: Object.keys(response?.headers ?? {}),
    };
  });
  return {
    operationId: operation.operationId ?? `${method}${template}`,
    method: method.toUpperCase(),
    path: template,
    summary: operation.summary ?? "",
    parameters: [...merged.values()].filter((p) => p.in === "path" || p.in === "query"),
    body,
    responses,
  };
}

/**
 * The panel's model of `spec` (a bundled OpenAPI 3.x document, parsed): `server` (the first
 * server's URL), `tokenUrl` (the first OAuth 2.0 client-credentials token URL, if any) and
 * `operations` in the order of the spec's paths and methods.
 */
export function tryItModel(spec) {
  const operations = [];
  for (const [template, pathItem] of Object.entries(spec.paths ?? {})) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (METHODS.includes(method)) operations.push(operationOf(spec, template, method, pathItem, operation));
    }
  }
  const schemes = Object.values(spec.components?.securitySchemes ?? {}).map((s) => resolve(spec, s));
  const tokenUrl = schemes.find((s) => s?.type === "oauth2" && s.flows?.clientCredentials)?.flows
    .clientCredentials.tokenUrl;
  return {
    server: (spec.servers?.[0]?.url ?? "").replace(/\/$/, ""),
    tokenUrl,
    digest: schemes.some((s) => s?.type === "http" && String(s.scheme).toLowerCase() === "digest"),
    operations,
  };
}
