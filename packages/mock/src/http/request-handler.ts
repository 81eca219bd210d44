import type { IncomingMessage, ServerResponse } from "node:http";
import type { DigestVerifier } from "@atlas-admin/digest/server";
import { type ApiError, apiError } from "../errors/api-error-response.js";
import type { AuthResult } from "../oauth/authenticate.js";
import { answerOAuth, isOAuthPath } from "../oauth/endpoints.js";
import type { TokenIssuer } from "../oauth/token-issuer.js";
import type { PrismHandler } from "../prism/handle-request.js";
import type { PrismLogger } from "../prism/types.js";
import { readBody } from "./read-body.js";
import { sendApiError, sendBody, wantsPretty } from "./send.js";

export interface RequestHandlerOptions {
  readonly verifier: DigestVerifier;
  /** Digest or a service account's Bearer token. */
  readonly authenticate: (
    method: string,
    target: string,
    authorization: string | undefined,
  ) => Promise<AuthResult>;
  /** The service account's token endpoints. */
  readonly tokens: TokenIssuer;
  /** The path of the spec's server URL (`/api/atlas/v1.0`): the API is served under it and at the root. */
  readonly apiPrefix: string;
  readonly prism: PrismHandler;
  readonly bodyLimitBytes: number;
  readonly bodyTimeoutMs: number;
  /** The mock's own logger (its lines are named `MOCK`). */
  readonly logger: PrismLogger;
  readonly logRequests: boolean;
}

const UNAUTHORIZED = "You are not authorized for this resource.";

/** The node:http handler: OAuth endpoints, or authentication, body parsing, then Prism. */
export function createRequestHandler(options: RequestHandlerOptions) {
  const {
    verifier,
    authenticate,
    tokens,
    apiPrefix,
    prism,
    bodyLimitBytes,
    bodyTimeoutMs,
    logger,
    logRequests,
  } = options;
  const log = (method: string, target: string, status: number | string, note = ""): void => {
    if (logRequests) logger.info(`${method} ${target} -> ${status}${note && ` (${note})`}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    const target = req.url ?? "/";
    // `?pretty=true` indents every body the mock writes, its own errors included.
    const pretty = wantsPretty(target);
    const pathname = new URL(target, "http://mock.invalid").pathname;
    const oauth = isOAuthPath(pathname);
    const auth = oauth
      ? { ok: true as const }
      : await authenticate(method, target, req.headers.authorization);
    if (!auth.ok) {
      log(method, target, 401, auth.reason);
      // A wrong public key and a wrong digest get the same words, so that the answer does not tell
      // which public keys exist; the log line above keeps the precise reason.
      const detail = auth.hint === undefined ? UNAUTHORIZED : `${UNAUTHORIZED} ${auth.hint}`;
      sendApiError(
        res,
        apiError(401, "UNAUTHORIZED", detail),
        { "WWW-Authenticate": auth.challenge },
        pretty,
      );
      return;
    }

    const body = await readBody(req, { limitBytes: bodyLimitBytes, timeoutMs: bodyTimeoutMs });
    switch (body.kind) {
      case "aborted":
        // The client went away: nobody to answer, and nothing wrong with the mock.
        if (logRequests) logger.debug(`${method} ${target} -> client closed the connection mid-body`);
        res.destroy();
        return;
      case "timeout":
        log(method, target, 408);
        sendAndClose(
          res,
          pretty,
          apiError(408, "REQUEST_TIMEOUT", `The request body did not arrive within ${bodyTimeoutMs} ms.`),
        );
        return;
      case "too-large":
        log(method, target, 413);
        sendAndClose(
          res,
          pretty,
          apiError(413, "REQUEST_TOO_LARGE", `The request body exceeds ${bodyLimitBytes} bytes.`),
        );
        return;
      case "no-content-type":
        log(method, target, 415, "no Content-Type");
        sendApiError(
          res,
          apiError(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "The request has a body but no Content-Type header; send Content-Type: application/json.",
          ),
          {},
          pretty,
        );
        return;
      case "malformed-json":
        log(method, target, 400, "malformed JSON");
        sendApiError(
          res,
          apiError(400, "MALFORMED_REQUEST", `The request body is not valid JSON: ${body.message}`),
          {},
          pretty,
        );
        return;
      case "ok":
        break;
    }

    if (oauth) {
      const answer = await answerOAuth(tokens, method, pathname, req.headers, body.body);
      log(method, target, answer.status);
      sendBody(res, answer.status, answer.headers, answer.body);
      return;
    }
    // Atlas serves the API under its server URL's path; the mock also at the root.
    const apiTarget =
      apiPrefix !== "" && (pathname === apiPrefix || pathname.startsWith(`${apiPrefix}/`))
        ? target.slice(apiPrefix.length) || "/"
        : target;
    const response = await prism({ method, target: apiTarget, headers: req.headers, body: body.body });
    // A mocked 401 (`Prefer: code=401`) carries a usable challenge, as Atlas's would, not the example's.
    const headers =
      response.status === 401
        ? { ...response.headers, "WWW-Authenticate": verifier.challenge() }
        : response.headers;
    log(method, target, response.status);
    sendBody(res, response.status, headers, response.body);
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (isClientAbort(error, req)) {
        if (logRequests) logger.debug(`${req.method} ${req.url} -> client went away (${String(error)})`);
        res.destroy();
        return;
      }
      // Written even when logs are silenced: this is a bug in the mock, not a request's fault.
      process.stderr.write(
        `atlas-mock: ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}\n`,
      );
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendApiError(
        res,
        apiError(500, "UNEXPECTED_ERROR", "The mock failed to answer this request."),
        {},
        wantsPretty(req.url ?? "/"),
      );
    });
  };
}

/**
 * Answers, then closes the connection instead of reading the rest of the body: what is left of an
 * oversized or stalled body may be large or never come. (`Connection: close` makes node:http end
 * and destroy the socket once the response is written.)
 */
function sendAndClose(res: ServerResponse, pretty: boolean, error: ApiError): void {
  sendApiError(res, error, { Connection: "close" }, pretty);
}

const CLIENT_ABORT_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"]);

/** A client that disconnects or resets mid-request is not the mock's failure. */
function isClientAbort(error: unknown, req: IncomingMessage): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (typeof code === "string" && CLIENT_ABORT_CODES.has(code)) ||
    message === "aborted" ||
    (req.destroyed && !req.complete)
  );
}
