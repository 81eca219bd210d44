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
  declare readonly method: string;
  declare readonly path: string;
  declare readonly timeoutMs: number;
  constructor(method: string, path: string, timeoutMs: number) {
    super(`${method} ${path} timed out after ${timeoutMs} ms`);
    Object.assign(this, { method, path, timeoutMs });
  }
}

/**
 * The connection failed: refused, DNS, TLS, reset before or after the response head, cut in the
 * middle of the body, or an answer that is not HTTP. `cause` is a copy of the platform's error
 * (name, message, `code`, and its own cause) with the client's secrets redacted.
 */
export class AtlasNetworkError extends AtlasError {
  override name = "AtlasNetworkError";
  declare readonly method: string;
  declare readonly path: string;
  constructor(method: string, path: string, cause: unknown, redact: (text: string) => string = (t) => t) {
    const safe = sanitize(cause, redact, 2);
    super(`${method} ${path} failed: the connection broke (${describe(safe)})`, { cause: safe });
    Object.assign(this, { method, path });
  }
}

/**
 * A body was longer than the client reads: an API success body past `maxBodyBytes`, or a token
 * endpoint body past 64 KiB. The rest of the body was not read.
 */
export class AtlasBodyTooLargeError extends AtlasError {
  override name = "AtlasBodyTooLargeError";
  declare readonly method: string;
  declare readonly path: string;
  /** The limit that was passed, in bytes. */
  declare readonly maxBytes: number;
  constructor(method: string, path: string, maxBytes: number) {
    super(`${method} ${path} answered with a body longer than ${maxBytes} bytes; the rest was not read`);
    Object.assign(this, { method, path, maxBytes });
  }
}

/** The server's Digest challenge is malformed or asks for something this client cannot sign. */
export class AtlasDigestError extends AtlasError {
  override name = "AtlasDigestError";
}

/** A success response whose body is not what the operation promises: empty or not JSON, or a page repeating an earlier one. */
export class AtlasResponseError extends AtlasError {
  override name = "AtlasResponseError";
  declare readonly method: string;
  declare readonly path: string;
  declare readonly status: number;
  constructor(method: string, path: string, status: number, problem: string) {
    super(`${method} ${path} answered ${status} with ${problem}`);
    Object.assign(this, { method, path, status });
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
  declare readonly status: number;
  declare readonly error: string | undefined;
  declare readonly errorDescription: string | undefined;
  declare readonly apiError: { error: number; errorCode: string; detail?: string } | undefined;
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
    const { error, errorDescription, apiError, problem = "no OAuth error in the body" } = body;
    super(
      `${action} failed with ${status}: ${
        error !== undefined
          ? withDetail(error, errorDescription)
          : apiError
            ? withDetail(apiError.errorCode, apiError.detail)
            : problem
      }`,
    );
    Object.assign(this, { status, error, errorDescription, apiError });
  }
}

/**
 * `paginate()` met an HTTP error on a page (after the 429 retries): `status`, the page number and
 * the ApiError, as a call would have returned it.
 */
export class AtlasPageError extends AtlasError {
  override name = "AtlasPageError";
  declare readonly path: string;
  declare readonly pageNum: number;
  declare readonly status: number;
  declare readonly error: { error: number; errorCode: string; detail?: string };
  constructor(path: string, pageNum: number, status: number, error: unknown) {
    const body = error as { error: number; errorCode: string; detail?: string };
    super(`GET ${path} page ${pageNum} answered ${status} ${withDetail(body.errorCode, body.detail)}`);
    Object.assign(this, { path, pageNum, status, error: body });
  }
}

/** A path parameter value that could not be placed safely into the URL path. */
export class AtlasParameterError extends AtlasError {
  override name = "AtlasParameterError";
}

/** `code: detail`, or `code` alone when there is no detail. */
function withDetail(code: string, detail: string | undefined): string {
  return detail ? `${code}: ${detail}` : code;
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
  return `${cause.message}${inner}`;
}

/** A copy of an error that holds nothing a server sent unredacted (undici keeps raw bytes in `data`). */
function sanitize(error: unknown, redact: (text: string) => string, depth: number): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const inner = depth > 0 && error.cause !== undefined ? sanitize(error.cause, redact, depth - 1) : undefined;
  const copy = new Error(redact(error.message), inner ? { cause: inner } : undefined);
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") Object.assign(copy, { code });
  return copy;
}
