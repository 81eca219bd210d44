import type { IncomingMessage, ServerResponse } from "node:http";
import type { DigestVerifier } from "../digest/verify.js";
import { apiError } from "../errors/api-error-response.js";
import type { PrismHandler } from "../prism/handle-request.js";
import type { PrismLogger } from "../prism/types.js";
import { readBody } from "./read-body.js";
import { sendApiError, sendBody } from "./send.js";

export interface RequestHandlerOptions {
  readonly verifier: DigestVerifier;
  readonly prism: PrismHandler;
  readonly bodyLimitBytes: number;
  readonly logger: PrismLogger;
  readonly logRequests: boolean;
}

/** The node:http handler: Digest check, then body parsing, then Prism. */
export function createRequestHandler(options: RequestHandlerOptions) {
  const { verifier, prism, bodyLimitBytes, logger, logRequests } = options;
  const log = (method: string, target: string, status: number, note = ""): void => {
    if (logRequests) logger.info({ name: "MOCK" }, `${method} ${target} -> ${status}${note && ` (${note})`}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    const target = req.url ?? "/";
    const auth = verifier.verify(method, target, req.headers.authorization);
    if (!auth.ok) {
      log(method, target, 401, auth.reason);
      sendApiError(
        res,
        apiError(401, "UNAUTHORIZED", `You are not authorized for this resource. ${auth.reason}`),
        {
          "WWW-Authenticate": auth.challenge,
        },
      );
      return;
    }

    const body = await readBody(req, bodyLimitBytes);
    if (body.kind === "malformed-json") {
      log(method, target, 400, "malformed JSON");
      sendApiError(
        res,
        apiError(400, "MALFORMED_REQUEST", `The request body is not valid JSON: ${body.message}`),
      );
      return;
    }
    if (body.kind === "too-large") {
      log(method, target, 413);
      sendApiError(
        res,
        apiError(413, "REQUEST_TOO_LARGE", `The request body exceeds ${bodyLimitBytes} bytes.`),
      );
      return;
    }

    const response = await prism({ method, target, headers: req.headers, body: body.body });
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
      // Written even when logs are silenced: this is a bug in the mock, not a request's fault.
      process.stderr.write(
        `atlas-mock: ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}\n`,
      );
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendApiError(res, apiError(500, "UNEXPECTED_ERROR", "The mock failed to answer this request."));
    });
  };
}
