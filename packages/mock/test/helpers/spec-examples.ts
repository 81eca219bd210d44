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

export const API_KEYS_TEMPLATE = "/orgs/{orgId}/apiKeys";
export const LINK_TOKENS_TEMPLATE = "/orgs/{orgId}/liveMigrations/linkTokens";
