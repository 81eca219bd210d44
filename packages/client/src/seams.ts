/**
 * What the client adds to openapi-fetch through its own seams, beside the transport
 * (./atlas-fetch.ts) and the path serializer (./path.ts):
 * - `AtlasRequest`, openapi-fetch's `Request` option: the URL is checked before the platform's
 *   Request sees it (the platform's error would quote a URL's password; openapi-fetch sends a
 *   `{name}` template as is when `params.path` is missing);
 * - `createGuard`, the first middleware (`use()`): per-call options the types refuse are refused
 *   at run time too, before anything is sent; an error body becomes Atlas's ApiError; a JSON
 *   success body that is empty or not JSON is AtlasResponseError. Its `onResponse` runs after
 *   the caller's own middleware, whose exceptions reach the caller as they are.
 */
import type { Middleware } from "openapi-fetch";
import { isApiError, toApiError } from "./api-error.js";
import { knownBodies } from "./body.js";
import { AtlasParameterError, AtlasResponseError } from "./errors.js";
import { checkBaseUrl } from "./options.js";

// `scheme://user:password@host`: refused without quoting it.
const USER_INFO = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*@/i;
const TEMPLATE = /\{([^{}]*)\}/;

/**
 * openapi-fetch's `Request` for this client: the platform's, with the URL checked first. Any
 * platform Request is an instance (openapi-fetch checks what a middleware returns against it).
 */
export class AtlasRequest extends Request {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Request;
  }

  /** @throws TypeError for a URL with user information; AtlasParameterError for an unfilled `{name}`. */
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    if (typeof input === "string") {
      if (USER_INFO.test(input))
        throw new TypeError("createAtlasAdminClient: baseUrl must not contain a user name or password");
      const name = TEMPLATE.exec(input)?.[1];
      if (name !== undefined) throw new AtlasParameterError(`Path parameter "${name}" is missing`);
    }
    super(input, init);
    // openapi-fetch's serialized body: the transport sends it as is, without reading the stream.
    if (typeof init?.body === "string") knownBodies.set(this, init.body);
  }
}

/** The client's own middleware; `fetch`, `pathSerializer` and `baseUrl` are the client's. */
export function createGuard(client: {
  fetch: unknown;
  pathSerializer: unknown;
  baseUrl: string;
}): Middleware {
  const ownBaseUrl = client.baseUrl.replace(/\/+$/, "");
  return {
    onRequest({ request, options }) {
      const refused =
        options.fetch !== client.fetch
          ? "`fetch`: pass `fetch` to createAtlasAdminClient"
          : options.pathSerializer !== client.pathSerializer
            ? "`pathSerializer`: path parameters are always encoded safely"
            : Object.getPrototypeOf(request) === AtlasRequest.prototype
              ? undefined
              : "`Request`: path parameters are always encoded safely";
      if (refused) throw new TypeError(`A per-call ${refused}`);
      if (options.baseUrl !== ownBaseUrl) checkBaseUrl(options.baseUrl);
      return undefined;
    },
    async onResponse({ request, response, options }) {
      const { status, statusText, ok } = response;
      if (ok) {
        if (options.parseAs !== "json" || request.method === "HEAD" || status === 204 || status === 205)
          return undefined;
        // The transport's bytes when this is its response (no second read), else a copy's.
        const bytes = knownBodies.get(response);
        const text = bytes instanceof ArrayBuffer ? decoder.decode(bytes) : await response.clone().text();
        const problem =
          text.trim() === "" ? "an empty body" : parses(text) ? undefined : "a body that is not JSON";
        if (problem)
          throw new AtlasResponseError(request.method, new URL(request.url).pathname, status, problem);
        return undefined;
      }
      const text = await response.text();
      const parsed = parses(text) ? JSON.parse(text) : text === "" ? undefined : text;
      const body = isApiError(parsed) ? text : JSON.stringify(toApiError(parsed, response));
      const headers = new Headers(response.headers);
      headers.set("Content-Type", "application/json");
      headers.set("Content-Length", String(new TextEncoder().encode(body).byteLength));
      const copy = new Response(body, { status, statusText, headers });
      Object.defineProperty(copy, "url", { value: response.url });
      return copy;
    },
  };
}

const decoder = new TextDecoder();

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
