import { exampleBody, exampleParameters, type SpecOperation } from "@atlas-admin/spec-kit";
import { curl } from "./curl.js";

/**
 * The path parameters that reach a resource of `operation` on the mock at `url`: for an operation
 * another one links to (OpenAPI `links`: read, update or remove what it creates), that one is
 * called first with its example body and the linked fields of its answer fill the parameters.
 */
export async function reachableParameters(
  url: string,
  operation: SpecOperation,
): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = { ...exampleParameters(operation).path };
  const link = operation.linkedFrom;
  if (link === undefined) return params;
  const source = link.source;
  const path = source.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params[name])),
  );
  const created = await curl(`${url}${path}`, {
    method: source.method.toUpperCase(),
    headers: { "Content-Type": "application/json" },
    data: JSON.stringify(exampleBody(source)),
  });
  if (created.status !== source.success)
    throw new Error(`${source.operationId} answered ${created.status}: ${created.text}`);
  const body = created.text === "" ? {} : created.json();
  for (const [name, field] of Object.entries(link.fields)) params[name] = body[field];
  return params;
}
