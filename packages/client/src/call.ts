/**
 * Each method of openapi-fetch's client (`GET`, `POST`, …, `request`) behind the checks that must
 * happen before openapi-fetch builds the Request or after it parsed the body: the per-call
 * `baseUrl` and path template are checked first (so no URL with a password reaches `new
 * Request`, whose error would quote it), and the result is made to keep the client's promises:
 * `error` is an ApiError, a JSON success body that is empty or not JSON is AtlasResponseError.
 */
import { toApiError } from "./api-error.js";
import { AtlasParameterError, AtlasResponseError } from "./errors.js";
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

/** One call: checks, openapi-fetch's own call (`run`), and the result's promises. */
export async function call(method: string, url: string, init: Init | undefined, run: Run, redact: Redact) {
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

  // openapi-fetch throws a bare SyntaxError for a success body that is not JSON; this middleware,
  // for this call only, records what it needs to say which call and status it was.
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
    if (error instanceof SyntaxError && seen)
      throw notJson(seen.request, seen.response, "a body that is not JSON");
    throw error;
  }
  const { response } = result;
  if (!response.ok) return { error: toApiError(result.error, response, redact), response };
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
