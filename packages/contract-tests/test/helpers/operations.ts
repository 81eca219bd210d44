import { appendFileSync, mkdirSync } from "node:fs";
import {
  createSpecValidator,
  exampleBody,
  exampleParameters,
  resolveRef,
  type SpecOperation,
  type SpecParameter,
  specOperations,
} from "@atlas-admin/spec-kit";
import { ARTIFACTS } from "./artifacts.js";
import type { clientFor } from "./clients.js";
import { spec } from "./spec.js";

export const API_KEYS = "/orgs/{orgId}/apiKeys";
export const LINK_TOKENS = "/orgs/{orgId}/liveMigrations/linkTokens";

/** Validators of the bundled spec (`ATLAS_SPEC_BUNDLE` names another one, for a copy of the spec). */
export const validator = createSpecValidator(spec);

/** Every operation of the spec, every method: the suite's only list of operations. */
export const operations: SpecOperation[] = specOperations(validator.spec);
export type { SpecOperation };

export const ORG_ROLES: readonly string[] = (spec.components.schemas.OrganizationRoleName?.enum ??
  []) as string[];

/** The operation of a path template and method, as openapi-fetch names them (`schemaPath`). */
export function operationAt(schemaPath: string, method: string): SpecOperation | undefined {
  return operations.find((o) => o.path === schemaPath && o.method === method.toLowerCase());
}

const templates = operations.map((operation) => {
  const names: string[] = [];
  const pattern = operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name) => {
    names.push(name);
    return "([^/]+)";
  });
  return { operation, names, regex: new RegExp(`^${pattern}$`) };
});

/** The operation a request path (below the base URL) and method reach, with its path parameters. */
export function operationFromUrl(
  path: string,
  method: string,
): { operation: SpecOperation; path: Record<string, string> } | undefined {
  for (const { operation, names, regex } of templates) {
    if (operation.method !== method.toLowerCase()) continue;
    const match = regex.exec(path);
    if (match === null) continue;
    return {
      operation,
      path: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] as string)])),
    };
  }
  return undefined;
}

export const operationName = (operation: SpecOperation) =>
  `${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`;

/** The documented statuses of an operation, read from the bundled spec. */
export function documentedStatuses(path: string, method = "post"): number[] {
  return Object.keys(spec.paths[path][method].responses).map(Number);
}

export function successStatus(path: string, method = "post"): number {
  const success = documentedStatuses(path, method).filter((status) => status < 300);
  if (success.length !== 1) throw new Error(`${path} documents ${success.length} success statuses`);
  return success[0] as number;
}

type Client = ReturnType<typeof clientFor>;
type Result = { data?: unknown; error?: unknown; response: Response };

export interface CallOptions {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  /** The body to send; the operation's first named example when left out. */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Why the request is broken on purpose: sent as the X-Atlas-Contract-Deliberate header, so a
   * validating proxy counts what it finds in the request apart.
   */
  deliberate?: string;
}

export { TEST_MARKER } from "./inventory.js";

import { TEST_MARKER } from "./inventory.js";

/**
 * What the suite created, to remove in teardown (./cleanup.ts): each resource with the
 * operation the spec links to for removing it and the path parameters that reach it.
 */
export const created: { remove: SpecOperation; path: Record<string, unknown> }[] = [];

/**
 * Calls any operation of the spec through the typed client, by its method and path template:
 * path parameters from the spec's examples (`orgId` from the target), the example body (its
 * `desc`, if any, marked with TEST_MARKER). An operation another one links to (read, update or
 * remove what that one creates) is reached by calling that one first. Every resource created is
 * registered for removal.
 */
export async function callOperation(
  atlas: Client,
  operation: SpecOperation,
  orgId: string,
  options: CallOptions = {},
): Promise<Result> {
  const examples = exampleParameters(operation);
  const path: Record<string, unknown> = {
    ...examples.path,
    ...("orgId" in examples.path ? { orgId } : {}),
    ...options.path,
  };
  const link = operation.linkedFrom;
  if (link !== undefined && Object.keys(link.fields).some((name) => options.path?.[name] === undefined))
    Object.assign(path, await reach(atlas, operation, orgId));
  const query = { ...examples.query, ...options.query };
  const init: Record<string, unknown> = { params: { path, query } };
  if (operation.requestBody !== undefined)
    init.body = "body" in options ? options.body : marked(exampleBody(operation), descMaxLength(operation));
  const headers = { ...options.headers };
  if (options.deliberate !== undefined) headers["X-Atlas-Contract-Deliberate"] = options.deliberate;
  if (Object.keys(headers).length > 0) init.headers = headers;
  const method = operation.method.toUpperCase() as "GET";
  // The template and body are the spec's; the client's types are checked in success.test.ts.
  return (atlas[method] as (path: string, init: unknown) => Promise<Result>)(operation.path, init);
}

/**
 * The path parameters of a new resource that `operation` acts on: the operation that links to it
 * (the one that creates what it reads, updates or removes) is called, and its success body fills
 * the parameters. Empty for an operation nothing links to.
 * @throws Error when the linking operation does not succeed.
 */
export async function reach(
  atlas: Client,
  operation: SpecOperation,
  orgId: string,
): Promise<Record<string, unknown>> {
  const link = operation.linkedFrom;
  if (link === undefined) return {};
  const source = await callOperation(atlas, link.source, orgId, { path: { orgId } });
  if (source.response.status !== link.source.success)
    throw new Error(
      `${operationName(link.source)} answered ${source.response.status}: cannot reach ${operationName(operation)}`,
    );
  const path: Record<string, unknown> = { orgId };
  for (const [name, field] of Object.entries(link.fields))
    path[name] = (source.data as Record<string, unknown>)[field];
  return path;
}

/**
 * What `operation` answers for an id it does not hold (never created, or removed): the example
 * its creator's success response names in `x-mock-not-found`, with the status of the error
 * response holding it; `undefined` when the spec names none.
 * @throws Error when the named example is not among the operation's responses.
 */
export function unknownIdAnswer(operation: SpecOperation): { status: number; errorCode: string } | undefined {
  const source = operation.linkedFrom?.source;
  const name = source?.response(source.success)?.["x-mock-not-found"];
  if (typeof name !== "string") return undefined;
  const found = operation.namedExamples().find(([, example]) => example === name);
  if (found === undefined) throw new Error(`${operationName(operation)} documents no example ${name}`);
  return { status: found[0], errorCode: (found[2] as { errorCode: string }).errorCode };
}

/**
 * Registers what a successful call of a creating operation made (any operation whose success
 * response links to a DELETE), with the operation that removes it. Called by the clients'
 * middleware (./clients.ts), so direct calls are registered too.
 */
export function registerCreated(
  method: string,
  schemaPath: string,
  status: number,
  path: Record<string, unknown>,
  body: unknown,
): void {
  const operation = operations.find((o) => o.path === schemaPath && o.method === method.toLowerCase());
  if (operation === undefined || status !== operation.success) return;
  for (const remove of operations.filter(
    (o) => o.method === "delete" && o.linkedFrom?.source === operation,
  )) {
    const reached = { ...path };
    for (const [name, field] of Object.entries(remove.linkedFrom?.fields ?? {}))
      reached[name] = (body as Record<string, unknown> | undefined)?.[field];
    created.push({ remove, path: reached });
    remember({ event: "created", operationId: remove.operationId, path: reached });
  }
}

/**
 * Everything the run created and removed, one JSON line each, in `artifacts/created/`: the global
 * teardown checks against a listing of the organization that none of it is left, also when a
 * worker died before its own teardown.
 */
export const CREATED_LOG = new URL("created/", ARTIFACTS);

export function remember(record: {
  event: "created" | "removed";
  operationId: string;
  path: Record<string, unknown>;
}): void {
  mkdirSync(CREATED_LOG, { recursive: true });
  appendFileSync(new URL(`${process.pid}.jsonl`, CREATED_LOG), `${JSON.stringify(record)}\n`);
}

/**
 * A body with TEST_MARKER in its `desc`, when it has a string `desc`: the marker replaces the
 * first characters, so the text keeps its length (a body too long for the spec stays too long;
 * one within it stays within it, longer than the marker).
 */
export function marked(body: unknown, maxLength = Number.POSITIVE_INFINITY): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const desc = (body as { desc?: unknown }).desc;
  if (typeof desc !== "string" || desc.startsWith(TEST_MARKER)) return body;
  const text = `${TEST_MARKER} ${desc}`;
  if (text.length <= maxLength) return { ...body, desc: text };
  return { ...body, desc: text.slice(0, Math.max(desc.length, TEST_MARKER.length)) };
}

/** The `maxLength` the spec gives the `desc` of an operation's body (no limit when it gives none). */
export function descMaxLength(operation: SpecOperation): number {
  const schema = resolveRef(spec, operation.requestBody?.schema) as
    | { properties?: Record<string, unknown> }
    | undefined;
  const desc = resolveRef(spec, schema?.properties?.desc) as { maxLength?: number } | undefined;
  return desc?.maxLength ?? Number.POSITIVE_INFINITY;
}

/** A parameter's value as the server reads it from the URL: numbers and booleans parsed. */
export function fromUrl(parameter: SpecParameter, text: string): unknown {
  const type = parameter.schema?.type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}
