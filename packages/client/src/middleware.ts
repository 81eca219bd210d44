/**
 * The client's own openapi-fetch middleware, registered first: it checks a per-call `baseUrl` as
 * the client's was checked, refuses per-call options that would bypass authentication or the safe
 * path (for callers without the types), and checks that a JSON success body is JSON.
 */
import type { Middleware } from "openapi-fetch";
import type { FetchFn } from "./atlas-fetch.js";
import { checkBaseUrl } from "./options.js";
import { safePathSerializer } from "./path.js";
import { isAtlasRequest } from "./request.js";
import { checkJsonSuccess } from "./response.js";

const refused = (option: string, why: string) =>
  new TypeError(`A per-call \`${option}\` is not supported: ${why}`);

/** `baseUrl` is the client's, as openapi-fetch keeps it (no trailing slash). */
export function atlasMiddleware(fetch: FetchFn, baseUrl: string): Middleware {
  return {
    onRequest({ request, options }) {
      // A per-call baseUrl gets the checks the client's had (openapi-fetch appends paths to it as text).
      if (options.baseUrl !== baseUrl) checkBaseUrl(options.baseUrl);
      if (options.fetch !== fetch) throw refused("fetch", "pass `fetch` to createAtlasAdminClient");
      // Either would decide the URL path: a serializer could turn `{orgId}` into `../../x`.
      if (options.pathSerializer !== safePathSerializer)
        throw refused("pathSerializer", "path parameters are always encoded safely");
      if (!isAtlasRequest(request)) throw refused("Request", "path parameters are always encoded safely");
    },
    onResponse({ request, response, options }) {
      if (options.parseAs === "json") checkJsonSuccess(response, request);
    },
  };
}
