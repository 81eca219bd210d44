/**
 * Each method of openapi-fetch's client (`GET`, `POST`, …, `request`) behind the checks that must
 * happen before openapi-fetch builds the Request or after it parsed the body: the per-call
 * `baseUrl` and path template are checked first (so no URL with a password reaches `new
 * Request`, whose error would quote it), and the result is made to keep the client's promises:
 * `error` is an ApiError, a JSON success body that is empty or not JSON is AtlasResponseError.
 */
import { toApiError } from "./api-error.js";
import {
  AtlasError,
  AtlasNetworkError,
  AtlasParameterError,
  AtlasResponseError,
  AtlasTimeoutError,
} from "./errors.js";
import { checkBaseUrl } from "./options.js";
import type { Redact } from "./redact.js";

type Init = Record<string, unknown> & {
  baseUrl?: unknown;
  params?: { path?: unknown };
  parseAs?: string;
  middleware?: unknown[];
};
type Result = { data?: unknown; error?: unknown; response: Response };
export type Run = (url: string, init: Init) => Promise<Result>;

const NOT_PER_CALL: Record<string, string> = {
  fetch: "pass `fetch` to createAtlasAdminClient",
  Request: "path parameters are always encoded safely",
  pathSerializer: "path parameters are always encoded safely",
};

/** What a call needs to name its failures. */
export interface CallContext {
  redact: Redact;
  timeoutMs: number;
}

/** One call: checks, openapi-fetch's own call (`run`), and the result's promises. */
export async function call(
  method: string,
  url: string,
  init: Init | undefined,
  run: Run,
  context: CallContext,
) {
  if (init !== undefined) {
    for (const option in NOT_PER_CALL) {
      if (init[option] !== undefined)
        throw new TypeError(`A per-call \`${option}\` is not supported: ${NOT_PER_CALL[option]}`);
    }
    if (init.baseUrl !== undefined) checkBaseUrl(init.baseUrl);
  }
  // openapi-fetch fills the template only when `params.path` is given: `{orgId}` would be sent.
  const name = init?.params?.path == null ? /\{([^{}]*)\}/.exec(url)?.[1] : undefined;
  if (name !== undefined) throw new AtlasParameterError(`Path parameter "${name}" is missing`);

  // Failures while openapi-fetch reads and parses a body (a bare SyntaxError, the platform's
  // `TypeError: terminated`, the deadline's abort) happen after the fetch has returned; this
  // middleware, for this call only, records the request and response to name them.
  let seen: { request: Request; response: Response } | undefined;
  const probe = {
    onResponse(context: { request: Request; response: Response }) {
      seen = context;
    },
  };
  const middleware = init?.middleware ? [...init.middleware, probe] : [probe];
  let result: Result;
  try {
    result = await run(url, { ...init, middleware });
  } catch (error) {
    throw seen && !(error instanceof AtlasError) ? readFailure(error, seen, init, context) : error;
  }
  const { response } = result;
  if (!response.ok) return { error: toApiError(result.error, response, context.redact), response };
  const { status } = response;
  if (
    result.data === undefined &&
    (init?.parseAs ?? "json") === "json" &&
    method !== "HEAD" &&
    status !== 204 &&
    status !== 205 &&
    seen
  ) {
    throw notJson(seen.request, response, "an empty body");
  }
  return result;
}

const notJson = (request: Request, response: Response, problem: string) =>
  new AtlasResponseError(request.method, new URL(request.url).pathname, response.status, problem);

/** A failure of openapi-fetch's body read or parse, as the caller sees it. */
function readFailure(
  error: unknown,
  { request, response }: { request: Request; response: Response },
  init: Init | undefined,
  { redact, timeoutMs }: CallContext,
): unknown {
  if (error instanceof SyntaxError) return notJson(request, response, "a body that is not JSON");
  const caller = init?.signal as AbortSignal | undefined;
  if (caller?.aborted) return caller.reason;
  const path = new URL(request.url).pathname;
  if ((error as Error | undefined)?.name === "TimeoutError") {
    return new AtlasTimeoutError(request.method, path, timeoutMs);
  }
  return new AtlasNetworkError(request.method, path, error, redact);
}
