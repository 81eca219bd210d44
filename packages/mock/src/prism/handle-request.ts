// Before Prism is loaded: it defers modules Prism loads but seldom uses.
import "./lazy-modules.js";
import type { IncomingHttpHeaders } from "node:http";
import type { IPrismDiagnostic } from "@stoplight/prism-core";
import { createInstance, type IHttpConfig, type IHttpRequest } from "@stoplight/prism-http";
import { getHttpConfigFromRequest } from "@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js";
import { type ApiError, apiError } from "../errors/api-error-response.js";
import { acceptsMediaType } from "../http/read-body.js";
import { type HeaderValues, serializeJson, wantsPretty } from "../http/send.js";
import {
  type BuildContext,
  buildResponse,
  buildsFromRequest,
  type Random,
} from "../respond/build-response.js";
import { ListStore } from "../respond/list-store.js";
import { badRequestFromBody, type Schema, violationsOf } from "../validation/body-rules.js";
import { findRoute, normalizePath } from "./route.js";
import type { PrismLogger, PrismOperation } from "./types.js";
import { badRequestFromViolations, isError, violationsHeader } from "./violations.js";

/** What to write back: status, headers and the serialized body. */
export interface MockResponse {
  readonly status: number;
  readonly headers: HeaderValues;
  readonly body: string | undefined;
}

export interface MockRequest {
  readonly method: string;
  /** The request target as received, path and query. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON, text for other media types, or null without a body. */
  readonly body: unknown;
}

export interface PrismHandlerOptions {
  readonly operations: readonly PrismOperation[];
  readonly logger: PrismLogger;
  /** Generate bodies from the schemas instead of serving examples, unless `Prefer` says otherwise. */
  readonly dynamic: boolean;
  /** Randomness for the values of bodies built from the request (`id`, keys, tokens). */
  readonly random: Random;
}

export type PrismHandler = (request: MockRequest) => Promise<MockResponse>;

/**
 * Routes, validates and mocks one request with an in-process Prism instance (no second HTTP hop),
 * then shapes Prism's result into the spec's responses: request violations become the spec's 400
 * `ApiError`, Prism's own errors (unknown path, 415, …) become `ApiError`s too.
 */
export function createPrismHandler(options: PrismHandlerOptions): PrismHandler {
  const operations = [...options.operations];
  const baseConfig = {
    // The Digest layer in front of Prism has already verified the credentials; Prism's own check
    // only inspects the header's shape and rejects valid RFC 7616 headers.
    checkSecurity: false,
    validateRequest: true,
    validateResponse: true,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
    mock: { dynamic: options.dynamic },
  } satisfies IHttpConfig;
  const prism = createInstance(baseConfig, { logger: options.logger });
  const pathParameterNames = pathParameterSpellings(operations);
  // What POSTs created, served back by the list operations (`x-mock-list`), per mock process.
  const store = new ListStore(operations);

  return async (request) => {
    const url = new URL(request.target, "http://mock.invalid");
    const path = normalizePath(url.pathname);
    const pretty = wantsPretty(url.searchParams);
    const fail = (error: ApiError, headers: HeaderValues = {}): MockResponse =>
      errorResponse(error, headers, pretty);
    // Prism logs every request header at debug level; the verified credentials stop here.
    const { authorization: _verified, ...requestHeaders } = request.headers;
    const input: IHttpRequest = {
      method: request.method.toLowerCase() as IHttpRequest["method"],
      url: { path, query: queryOf(url.searchParams) },
      headers: requestHeaders as IHttpRequest["headers"],
      body: request.body,
    };
    const preferences = getHttpConfigFromRequest(input);
    if (preferences._tag === "Left") {
      return fail(apiError(400, "INVALID_PREFER_HEADER", preferences.left.detail));
    }

    const route = findRoute(operations, request.method, path);
    if (route.kind === "no-path") {
      return fail(apiError(404, "RESOURCE_NOT_FOUND", `No operation of the spec has the path ${path}.`));
    }
    if (route.kind === "no-method") {
      // RFC 9110 §15.5.6: a 405 lists the methods the resource has.
      return fail(
        apiError(
          405,
          "METHOD_NOT_ALLOWED",
          `${path} has no ${request.method} operation; it allows ${route.allow.join(", ")}.`,
        ),
        { Allow: route.allow.join(", ") },
      );
    }
    const { operation } = route;
    const bodyMediaTypes = (operation.request?.body?.contents ?? []).map((content) => content.mediaType);
    const contentType = request.headers["content-type"];
    if (request.body !== null && !acceptsMediaType(bodyMediaTypes, contentType)) {
      return fail(
        apiError(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          `Content-Type ${contentType ?? "(none)"} is not accepted; send ${bodyMediaTypes.join(" or ") || "no body"}.`,
        ),
      );
    }
    // Prism would answer an Accept it cannot meet with 406, or with a 500 once `Prefer` names a code.
    const produced = [
      ...new Set(operation.responses.flatMap((r) => (r.contents ?? []).map((c) => c.mediaType))),
    ];
    const accept = request.headers.accept;
    if (accept !== undefined && produced.length > 0 && !produced.some((type) => accepts(accept, type))) {
      return fail(
        apiError(406, "NOT_ACCEPTABLE", `Accept: ${accept} accepts none of ${produced.join(", ")}.`),
      );
    }
    const preferError = checkPreferences(operation, preferences.right);
    if (preferError !== undefined) return fail(preferError);
    const emptyParameter = emptyQueryParameter(operation, url.searchParams);
    if (emptyParameter !== undefined) return fail(emptyParameter);

    // A fresh mock config per request: Prism's mocker writes the Accept header's media types into it.
    const wanted = definedOnly(preferences.right);
    const code = wanted.code ?? exampleStatus(operation, wanted.exampleKey);
    // An error status asked for is what the caller wants to see, whatever the request (Prism would
    // answer an invalid one with its 400); a bare `code=400` shows the request's own violations.
    const errorAskedFor =
      code !== undefined && code >= 300 && !(code === 400 && wanted.exampleKey === undefined);
    const config: IHttpConfig = {
      ...baseConfig,
      validateRequest: !errorAskedFor,
      mock: { ...baseConfig.mock, ...wanted, ...(code === undefined ? {} : { code }) },
    };
    const result = await prism.request(input, operations, config)();
    if (result._tag === "Left") return fail(prismErrorToApiError(result.left));

    const { output, validations } = result.right;
    const slViolations = violationsHeader(validations.input, validations.output, pathParameterNames);
    const violationHeaders: HeaderValues =
      slViolations === undefined ? {} : { "sl-violations": slViolations };
    const inputErrors = validations.input.filter((v) => isError(v) && v.code !== 415);
    // With violations Prism answers the spec's first 400 example; the caller needs the violations.
    if (!errorAskedFor) {
      const badRequest = badRequestOf(operation, request.body, inputErrors, pathParameterNames);
      if (badRequest !== undefined) return fail(badRequest, violationHeaders);
    }
    const headers = { ...(output.headers ?? {}), ...violationHeaders };
    const server = (operation.servers?.[0]?.url ?? "").replace(/\/$/, "");
    const fromRequest =
      output.statusCode < 300 && config.mock.exampleKey === undefined && config.mock.dynamic !== true;
    const built = !fromRequest
      ? output.body
      : store.lists(operation, output.statusCode)
        ? store.page(operation, { path, query: url.searchParams, server })
        : buildFromRequest(operation, output.statusCode, output.body, {
            path: route.path,
            body: request.body,
            server,
            random: options.random,
          });
    if (fromRequest) store.keep(operation, path, built);
    return { status: output.statusCode, headers, body: serialize(built, pretty) };
  };
}

/**
 * The 400 of an invalid request, or `undefined`. Path and query parameters are judged first, with
 * Prism's violations; the body with the spec's rules and their `x-atlas-error` mappings.
 */
function badRequestOf(
  operation: PrismOperation,
  body: unknown,
  inputErrors: readonly IPrismDiagnostic[],
  pathParameterNames: ReadonlyMap<string, string>,
): ApiError | undefined {
  const parameterErrors = inputErrors.filter((v) => v.path?.[0] !== "body");
  if (parameterErrors.length > 0) return badRequestFromViolations(parameterErrors, pathParameterNames);
  const schema = operation.request?.body?.contents?.find((c) => c.mediaType === "application/json")?.schema;
  if (body !== null && schema !== undefined) {
    const fromBody = badRequestFromBody(violationsOf(schema as Schema, body));
    if (fromBody !== undefined) return fromBody;
  }
  // No body where one is required, or a rule the mock does not read: Prism's words.
  return inputErrors.length > 0 ? badRequestFromViolations(inputErrors, pathParameterNames) : undefined;
}

/**
 * OpenAPI 3.1: a query parameter may be sent empty (`?pretty=`, `?pretty`) only when it says
 * `allowEmptyValue: true`; an empty value is no boolean either. Prism lets it through.
 */
function emptyQueryParameter(operation: PrismOperation, query: URLSearchParams): ApiError | undefined {
  const empty = (operation.request?.query ?? []).filter(
    (parameter) =>
      !(parameter as { allowEmptyValue?: boolean }).allowEmptyValue &&
      query.getAll(parameter.name).some((value) => value === ""),
  );
  if (empty.length === 0) return undefined;
  const fields = empty.map((parameter) => ({
    field: `query.${parameter.name}`,
    description: `Request query parameter ${parameter.name} must not be empty`,
  }));
  return apiError(
    400,
    "VALIDATION_ERROR",
    `The request is not valid: ${fields.map((f) => f.description).join("; ")}.`,
    { parameters: fields.map((f) => f.field), badRequestDetail: { fields } },
  );
}

/** Whether an Accept header (RFC 9110 §12.5.1) takes `mediaType`: a range with q > 0 that matches. */
function accepts(accept: string, mediaType: string): boolean {
  const [type, subtype] = mediaType.toLowerCase().split("/");
  return accept.split(",").some((range) => {
    const [name = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith("q="));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    const [rangeType, rangeSubtype] = name.split("/");
    return name === "*/*" || (rangeType === type && (rangeSubtype === "*" || rangeSubtype === subtype));
  });
}

function buildFromRequest(
  operation: PrismOperation,
  status: number,
  example: unknown,
  context: BuildContext,
): unknown {
  const response = operation.responses.find((r) => r.code === String(status));
  const schema = response?.contents?.find((c) => c.mediaType === "application/json")?.schema;
  return buildsFromRequest(schema) ? buildResponse(schema as Schema, example, context) : example;
}

/**
 * `Prefer` (or Prism's `__code` / `__example` query parameters) must name what the operation has:
 * otherwise Prism would fall back to another response (a 200 for `code=400, example=apiKey`) or
 * fail with a 500. The answer is a 422 naming what exists, a status that no operation of the
 * spec declares, so that a test asking for a status can never pass on it.
 */
function checkPreferences(
  operation: PrismOperation,
  preferences: { code?: number | undefined; exampleKey?: string | undefined },
): ApiError | undefined {
  const { code, exampleKey } = preferences;
  const name = `${operation.method.toUpperCase()} ${operation.path}`;
  const declared = operation.responses.map((response) => response.code);
  if (code !== undefined && !declared.includes(String(code)) && !declared.includes("default")) {
    return apiError(
      422,
      "INVALID_PREFER_HEADER",
      `${name} declares no ${code} response; it declares ${declared.join(", ")}.`,
      { parameters: [String(code), ...declared] },
    );
  }
  if (exampleKey === undefined) return undefined;
  if (code !== undefined) {
    const examples = examplesOf(operation, String(code));
    if (examples.includes(exampleKey)) return undefined;
    return apiError(
      422,
      "INVALID_PREFER_HEADER",
      `The ${code} response of ${name} has no example ${exampleKey}; it has ${examples.join(", ") || "none"}.`,
      { parameters: [exampleKey, ...examples] },
    );
  }
  if (exampleStatus(operation, exampleKey) !== undefined) return undefined;
  const all = declared.map((status) => `${status}: ${examplesOf(operation, status).join(", ") || "none"}`);
  return apiError(
    422,
    "INVALID_PREFER_HEADER",
    `No response of ${name} has an example ${exampleKey}; the examples are ${all.join("; ")}.`,
    { parameters: [exampleKey] },
  );
}

function examplesOf(operation: PrismOperation, status: string): string[] {
  const response = operation.responses.find((r) => r.code === status);
  return (response?.contents ?? []).flatMap((content) => (content.examples ?? []).map((e) => e.key));
}

/** `Prefer: example=<name>` without a code: the status of the one response that has that example. */
function exampleStatus(operation: PrismOperation, exampleKey: string | undefined): number | undefined {
  if (exampleKey === undefined) return undefined;
  const response = operation.responses.find((r) => examplesOf(operation, r.code).includes(exampleKey));
  return response === undefined || response.code === "default" ? undefined : Number(response.code);
}

function errorResponse(error: ApiError, headers: HeaderValues, pretty: boolean): MockResponse {
  return {
    status: error.error,
    headers: { ...headers, "Content-Type": "application/json" },
    body: serializeJson(error, pretty),
  };
}

/** Prism's problem+json errors (route not found, undefined `Prefer: code`, …) as `ApiError`s. */
function prismErrorToApiError(error: Error & { status?: number; detail?: string }): ApiError {
  // Prism answers an invalid request with its own 422 when the operation declares no 400: the
  // mock never sends a status of its own making for a broken rule; a 400 it is.
  if (error.status === 422 && /UNPROCESSABLE_ENTITY/.test(error.name)) {
    return apiError(400, "VALIDATION_ERROR", error.detail ?? error.message);
  }
  const status = error.status ?? 500;
  const type = error.name.split("#")[1] ?? "UNEXPECTED_ERROR";
  const errorCode = type.startsWith("NO_METHOD")
    ? "METHOD_NOT_ALLOWED"
    : type.startsWith("NO_")
      ? "RESOURCE_NOT_FOUND"
      : status === 500
        ? "UNEXPECTED_ERROR"
        : type;
  return apiError(status, errorCode, error.detail ?? error.message);
}

function serialize(body: unknown, pretty: boolean): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string") return body;
  return serializeJson(body, pretty);
}

function queryOf(searchParams: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function pathParameterSpellings(operations: readonly PrismOperation[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const operation of operations) {
    for (const parameter of [...(operation.request?.path ?? []), ...(operation.request?.query ?? [])])
      names.set(parameter.name.toLowerCase(), parameter.name);
  }
  return names;
}
