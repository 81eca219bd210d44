// Before Prism is loaded: it decides which faker build Prism gets.
import "./english-faker.js";
import type { IncomingHttpHeaders } from "node:http";
import { createInstance, type IHttpConfig, type IHttpRequest } from "@stoplight/prism-http";
import { getHttpConfigFromRequest } from "@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js";
import { type ApiError, apiError } from "../errors/api-error-response.js";
import type { HeaderValues } from "../http/send.js";
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

  return async (request) => {
    const url = new URL(request.target, "http://mock.invalid");
    // Prism logs every request header at debug level; the verified credentials stop here.
    const { authorization: _verified, ...requestHeaders } = request.headers;
    const input: IHttpRequest = {
      method: request.method.toLowerCase() as IHttpRequest["method"],
      url: { path: url.pathname, query: queryOf(url.searchParams) },
      headers: requestHeaders as IHttpRequest["headers"],
      body: request.body,
    };
    const preferences = getHttpConfigFromRequest(input);
    if (preferences._tag === "Left") {
      return errorResponse(apiError(400, "INVALID_PREFER_HEADER", preferences.left.detail));
    }
    // A fresh mock config per request: Prism's mocker writes the Accept header's media types into it.
    const config: IHttpConfig = {
      ...baseConfig,
      mock: { ...baseConfig.mock, ...definedOnly(preferences.right) },
    };
    const result = await prism.request(input, operations, config)();
    if (result._tag === "Left") return errorResponse(prismErrorToApiError(result.left));

    const { output, validations } = result.right;
    const slViolations = violationsHeader(validations.input, validations.output);
    const violationHeaders: HeaderValues =
      slViolations === undefined ? {} : { "sl-violations": slViolations };
    const inputErrors = validations.input.filter(isError);
    const unsupportedMediaType = inputErrors.find((v) => v.code === 415);
    if (unsupportedMediaType !== undefined) {
      return errorResponse(
        apiError(415, "UNSUPPORTED_MEDIA_TYPE", unsupportedMediaType.message),
        violationHeaders,
      );
    }
    // With violations Prism answers the spec's first 400 example; the caller needs the violations
    // themselves, unless they asked for that example (`Prefer: code=400, example=…`).
    const exampleAskedFor = config.mock.exampleKey !== undefined && config.mock.code === output.statusCode;
    if (inputErrors.length > 0 && !exampleAskedFor) {
      return errorResponse(badRequestFromViolations(inputErrors, pathParameterNames), violationHeaders);
    }
    const headers = { ...(output.headers ?? {}), ...violationHeaders };
    return {
      status: output.statusCode,
      headers,
      body: serialize(output.body, url.searchParams.get("pretty")),
    };
  };
}

function errorResponse(error: ApiError, headers: HeaderValues = {}): MockResponse {
  return {
    status: error.error,
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(error),
  };
}

/** Prism's problem+json errors (route not found, undefined `Prefer: code`, …) as `ApiError`s. */
function prismErrorToApiError(error: Error & { status?: number; detail?: string }): ApiError {
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

function serialize(body: unknown, pretty: string | null): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string") return body;
  return pretty === "true" ? JSON.stringify(body, null, 2) : JSON.stringify(body);
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
    for (const parameter of operation.request?.path ?? [])
      names.set(parameter.name.toLowerCase(), parameter.name);
  }
  return names;
}
