/**
 * A resource's lifecycle, read from the spec's own OpenAPI `links` (OpenAPI 3.1 §4.8.20): a success
 * response of a *creating* operation links to the operations that act on what it created, naming
 * which request parameter takes which value of the created body (`apiUserId: $response.body#/id`).
 * The target's method says what it does: GET reads, PATCH or PUT updates, DELETE removes (a link
 * without a `$response.body#/…` parameter acts on everything the creating operation made there).
 * The creating response may carry `x-mock-redact` (spec/README.md): the fields every later read
 * shows redacted; and `x-mock-not-found`: the named example its targets answer for an id they do
 * not hold. Nothing here names a resource: a new one is declared in the spec alone.
 */
import type { PrismOperation } from "../prism/types.js";

export type Action = "read" | "update" | "remove";

export interface Creator {
  readonly operation: PrismOperation;
  /** The body property that identifies a created resource (`id`), if any link names one. */
  readonly idField: string | undefined;
  /** `{ field: template }`: `{last:N}` keeps the value's last N characters. */
  readonly redact: Readonly<Record<string, string>>;
  /** The name of the example (in an error response of each target) answering an unknown id. */
  readonly notFound: string | undefined;
}

export interface Target {
  readonly creator: Creator;
  readonly action: Action;
  /** The path parameter that carries the created resource's id, if any. */
  readonly idParameter: string | undefined;
}

export interface Lifecycle {
  creatorOf(operation: PrismOperation): Creator | undefined;
  targetOf(operation: PrismOperation): Target | undefined;
  /** The creator whose resources a list operation on `path` (a template) pages through. */
  creatorAt(path: string): Creator | undefined;
}

type Json = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "patch"];
const BODY_POINTER = /^\$response\.body#\/([^/]+)$/;

/** Reads the links of `document` (the spec as JSON) against Prism's operations. */
export function readLifecycle(document: Json, operations: readonly PrismOperation[]): Lifecycle {
  const byId = new Map(operations.map((operation) => [operation.iid, operation]));
  const creators = new Map<PrismOperation, Creator>();
  const targets = new Map<PrismOperation, Target>();
  const paths = (document.paths ?? {}) as Record<string, Json>;
  for (const item of Object.values(paths)) {
    for (const method of METHODS) {
      const source = item[method] as Json | undefined;
      const operation = typeof source?.operationId === "string" ? byId.get(source.operationId) : undefined;
      if (source === undefined || operation === undefined) continue;
      for (const [status, response] of Object.entries((source.responses ?? {}) as Record<string, Json>)) {
        if (!/^2\d\d$/.test(status) || typeof response.links !== "object" || response.links === null)
          continue;
        const links = Object.values(response.links as Record<string, Json>);
        const idField = links
          .flatMap((link) => Object.values((link.parameters ?? {}) as Record<string, unknown>))
          .map((value) => (typeof value === "string" ? BODY_POINTER.exec(value)?.[1] : undefined))
          .find((field) => field !== undefined);
        const creator: Creator = {
          operation,
          idField,
          redact: (response["x-mock-redact"] ?? {}) as Record<string, string>,
          notFound:
            typeof response["x-mock-not-found"] === "string" ? response["x-mock-not-found"] : undefined,
        };
        creators.set(operation, creator);
        for (const link of links) {
          const target = typeof link.operationId === "string" ? byId.get(link.operationId) : undefined;
          const action = target === undefined ? undefined : actionOf(target.method);
          if (target === undefined || action === undefined) continue;
          const idParameter = Object.entries((link.parameters ?? {}) as Record<string, unknown>).find(
            ([, value]) => typeof value === "string" && BODY_POINTER.test(value),
          )?.[0];
          targets.set(target, { creator, action, idParameter });
        }
      }
    }
  }
  return {
    creatorOf: (operation) => creators.get(operation),
    targetOf: (operation) => targets.get(operation),
    creatorAt: (path) => [...creators.values()].find((creator) => creator.operation.path === path),
  };
}

function actionOf(method: string): Action | undefined {
  switch (method.toLowerCase()) {
    case "get":
      return "read";
    case "patch":
    case "put":
      return "update";
    case "delete":
      return "remove";
    default:
      return undefined;
  }
}

/** A copy of `item` with the fields of `templates` redacted (`{last:N}`: the value's last N characters). */
export function redacted(item: unknown, templates: Readonly<Record<string, string>>): unknown {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const [name, template] of Object.entries(templates)) {
    const value = copy[name];
    if (typeof value !== "string") continue;
    copy[name] = template.replace(/\{last:(\d+)\}/g, (_, n: string) => value.slice(-Number(n)));
  }
  return copy;
}
