import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

type Json = Record<string, unknown>;

export const spec = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json"), "utf8"),
) as Record<string, any>;

/** Follows a local `$ref` (one level is all the bundle uses). */
function deref(node: unknown): Json {
  const ref = (node as Json).$ref;
  if (typeof ref !== "string") return node as Json;
  return deref(
    ref
      .slice(2)
      .split("/")
      .reduce<unknown>((at, key) => (at as Json)[key], spec),
  );
}

/** The value of a named example (the first one when no name is given) of an operation's response. */
export function responseExample(
  path: string,
  status: number,
  exampleName?: string,
  method = "post",
): unknown {
  const operation = ((spec.paths as Json)[path] as Json)[method] as Json;
  const response = deref((operation.responses as Json)[String(status)]);
  const examples = ((response.content as Json)["application/json"] as Json).examples as Json;
  const name = exampleName ?? (Object.keys(examples)[0] as string);
  return deref(examples[name]).value;
}

/**
 * The example a creating operation's `x-mock-not-found` names, as an operation it links to
 * documents it: the status of the error response holding it, and its value.
 */
export function notFoundExample(
  creator: { path: string; method: string },
  target: { path: string; method: string },
): { status: number; value: Json } {
  const created = ((spec.paths as Json)[creator.path] as Json)[creator.method] as Json;
  const success = Object.entries(created.responses as Json).find(([status]) => /^2/.test(status));
  const name = ((success?.[1] ?? {}) as Json)["x-mock-not-found"] as string;
  const operation = ((spec.paths as Json)[target.path] as Json)[target.method] as Json;
  for (const [status, response] of Object.entries(operation.responses as Json)) {
    const examples = ((deref(response).content as Json | undefined)?.["application/json"] as Json | undefined)
      ?.examples as Json | undefined;
    if (examples?.[name] !== undefined)
      return { status: Number(status), value: deref(examples[name]).value as Json };
  }
  throw new Error(`${target.method.toUpperCase()} ${target.path} documents no example ${name}`);
}

export const API_KEYS_TEMPLATE = "/orgs/{orgId}/apiKeys";
export const LINK_TOKENS_TEMPLATE = "/orgs/{orgId}/liveMigrations/linkTokens";
