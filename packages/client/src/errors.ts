/**
 * Errors thrown by the client. None of them holds the Request, its headers or the credentials:
 * only the method, the URL path (no query string) and figures, so they are safe to log.
 */

/** Base class of every error thrown by @atlas-admin/client. */
export class AtlasError extends Error {
  override name = "AtlasError";
}

/** A call took longer than `timeoutMs` (Digest round trips, 429 waits and the body included). */
export class AtlasTimeoutError extends AtlasError {
  override name = "AtlasTimeoutError";
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;
  constructor(method: string, path: string, timeoutMs: number) {
    super(`${method} ${path} timed out after ${timeoutMs} ms`);
    this.method = method;
    this.path = path;
    this.timeoutMs = timeoutMs;
  }
}

/** The request never got an HTTP response (connection refused, DNS, TLS, reset…); see `cause`. */
export class AtlasNetworkError extends AtlasError {
  override name = "AtlasNetworkError";
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string, cause: unknown) {
    super(`${method} ${path} failed before a response arrived: ${describe(cause)}`, { cause });
    this.method = method;
    this.path = path;
  }
}

/** The server's Digest challenge is malformed or asks for something this client cannot sign. */
export class AtlasDigestError extends AtlasError {
  override name = "AtlasDigestError";
}

/** A success response whose body is not the JSON the operation promises. */
export class AtlasResponseError extends AtlasError {
  override name = "AtlasResponseError";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  constructor(method: string, path: string, status: number, problem: string) {
    super(`${method} ${path} answered ${status} with ${problem}; expected a JSON body`);
    this.method = method;
    this.path = path;
    this.status = status;
  }
}

/**
 * The OAuth 2.0 token endpoint refused or failed a token request (RFC 6749 §5.2), or a revocation.
 * `error` and `errorDescription` are the endpoint's OAuth error (`invalid_client`,
 * `access_denied`…); a 429 carries Atlas's `ApiError` body instead (`apiError`, `RATE_LIMITED`).
 * Never holds the client secret or a token.
 */
export class AtlasTokenError extends AtlasError {
  override name = "AtlasTokenError";
  readonly status: number;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  readonly apiError: { error: number; errorCode: string; detail?: string } | undefined;
  constructor(
    action: string,
    status: number,
    body: {
      error?: string;
      errorDescription?: string;
      apiError?: { error: number; errorCode: string; detail?: string };
      problem?: string;
    },
  ) {
    const what =
      body.problem ??
      (body.error !== undefined
        ? `${body.error}${body.errorDescription ? `: ${body.errorDescription}` : ""}`
        : body.apiError !== undefined
          ? `${body.apiError.errorCode}${body.apiError.detail ? `: ${body.apiError.detail}` : ""}`
          : "no OAuth error in the body");
    super(`${action} failed with ${status}: ${what}`);
    this.status = status;
    this.error = body.error;
    this.errorDescription = body.errorDescription;
    this.apiError = body.apiError;
  }
}

/** A path parameter value that could not be placed safely into the URL path. */
export class AtlasParameterError extends AtlasError {
  override name = "AtlasParameterError";
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
  return `${cause.message}${inner}`;
}

/** A value for an option-validation message: strings quoted, numbers as is, otherwise the type. */
export function showValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  return value === null ? "null" : typeof value;
}
