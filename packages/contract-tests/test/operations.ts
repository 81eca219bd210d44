import {
  exampleBody,
  exampleParameters,
  type SpecOperation,
  type SpecParameter,
  specOperations,
} from "@atlas-admin/spec/operations";
import { createSpecValidator } from "@atlas-admin/spec/validator";
import type { clientFor } from "./clients.js";

export const API_KEYS = "/orgs/{orgId}/apiKeys";
export const LINK_TOKENS = "/orgs/{orgId}/liveMigrations/linkTokens";

/** The bundled spec (`ATLAS_SPEC_BUNDLE` names another one, for a copy of the spec). */
export const validator = createSpecValidator();

/** Every operation of the spec, every method: the suite's only list of operations. */
export const operations: SpecOperation[] = specOperations(validator.spec);
export type { SpecOperation };

export const ORG_ROLES: readonly string[] =
  validator.spec.components.schemas.OrganizationRoleName?.enum ?? [];

export const operationName = (operation: SpecOperation) =>
  `${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`;

/** The documented statuses of an operation, read from the bundled spec. */
export function documentedStatuses(path: string, method = "post"): number[] {
  return Object.keys(validator.spec.paths[path][method].responses).map(Number);
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

/**
 * Calls any operation of the spec through the typed client, by its method and path template:
 * path parameters from the spec's examples (`orgId` from the target), the example body.
 */
export function callOperation(
  atlas: Client,
  operation: SpecOperation,
  orgId: string,
  options: CallOptions = {},
): Promise<Result> {
  const examples = exampleParameters(operation);
  const path = { ...examples.path, ...("orgId" in examples.path ? { orgId } : {}), ...options.path };
  const query = { ...examples.query, ...options.query };
  const init: Record<string, unknown> = { params: { path, query } };
  if (operation.requestBody !== undefined)
    init.body = "body" in options ? options.body : exampleBody(operation);
  if (options.headers) init.headers = options.headers;
  const method = operation.method.toUpperCase() as "GET";
  // The template and body are the spec's; the client's types are checked in success.test.ts.
  return (atlas[method] as (path: string, init: unknown) => Promise<Result>)(operation.path, init);
}

/** A parameter's value as the server reads it from the URL: numbers and booleans parsed. */
export function fromUrl(parameter: SpecParameter, text: string): unknown {
  const type = parameter.schema?.type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}
