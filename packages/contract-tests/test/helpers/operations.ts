import {
  createSpecValidator,
  exampleBody,
  exampleParameters,
  type SpecOperation,
  type SpecParameter,
  specOperations,
} from "@atlas-admin/spec-kit";
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
}

/** Put in the `desc` of everything the suite creates from the spec's examples. */
export const TEST_MARKER = "[atlas-contract-suite]";

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
  if (link !== undefined && Object.keys(link.fields).some((name) => options.path?.[name] === undefined)) {
    const source = await callOperation(atlas, link.source, orgId, { path: { orgId } });
    if (source.response.status !== link.source.success)
      throw new Error(
        `${operationName(link.source)} answered ${source.response.status}: cannot reach ${operationName(operation)}`,
      );
    for (const [name, field] of Object.entries(link.fields))
      path[name] = (source.data as Record<string, unknown>)[field];
  }
  const query = { ...examples.query, ...options.query };
  const init: Record<string, unknown> = { params: { path, query } };
  if (operation.requestBody !== undefined)
    init.body = "body" in options ? options.body : marked(exampleBody(operation));
  if (options.headers) init.headers = options.headers;
  const method = operation.method.toUpperCase() as "GET";
  // The template and body are the spec's; the client's types are checked in success.test.ts.
  return (atlas[method] as (path: string, init: unknown) => Promise<Result>)(operation.path, init);
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
  }
}

function marked(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const desc = (body as { desc?: unknown }).desc;
  return typeof desc === "string" ? { ...body, desc: `${TEST_MARKER} ${desc}`.slice(0, 250) } : body;
}

/** A parameter's value as the server reads it from the URL: numbers and booleans parsed. */
export function fromUrl(parameter: SpecParameter, text: string): unknown {
  const type = parameter.schema?.type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}
