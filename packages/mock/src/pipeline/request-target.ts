import { normalizePath } from "../prism/route.js";
import type { PrismOperation } from "../prism/types.js";
import { fail, type MockResponse } from "./respond.js";

export interface RequestTarget {
  /** The path, normalized (RFC 3986 §6.2.2) and without the API's server path. */
  readonly path: string;
  /** Query parameters: one value, or every value of a repeated name. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** `?pretty=true`: indent every body written. */
  readonly pretty: boolean;
}

/** Longest request target read; Node's own limit on the whole head is 16 KiB. */
const ORIGIN_FORM = /^\/[^\s#]*$/;

/**
 * Reads a request target in origin form (RFC 9112 §3.2.1: `/path?query`). Anything else — an
 * absolute URL, `*`, a target with spaces or a fragment, one the URL parser refuses — is a 400.
 * The API is served under the spec's server path (`/api/atlas/v1.0`) and at the root.
 */
export function parseRequestTarget(
  target: string,
  apiPrefix: string,
): { ok: true; target: RequestTarget } | { ok: false; response: MockResponse } {
  let url: URL | undefined;
  if (ORIGIN_FORM.test(target)) {
    try {
      url = new URL(target, "http://mock.invalid");
    } catch {
      url = undefined;
    }
  }
  if (url === undefined || url.host !== "mock.invalid") {
    return {
      ok: false,
      response: fail(
        400,
        "INVALID_REQUEST_TARGET",
        "The request target is not a path in origin form (RFC 9112 §3.2.1), such as /orgs/{orgId}/apiKeys?pretty=true.",
        { close: true },
      ),
    };
  }
  let path = normalizePath(url.pathname);
  if (apiPrefix !== "" && (path === apiPrefix || path.startsWith(`${apiPrefix}/`))) {
    path = path.slice(apiPrefix.length) || "/";
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return { ok: true, target: { path, query, pretty: url.searchParams.get("pretty") === "true" } };
}

/** The path of the spec's first server URL (`/api/atlas/v1.0`), or "" when it has none. */
export function apiPrefixOf(operations: readonly PrismOperation[]): string {
  const url = operations[0]?.servers?.[0]?.url;
  if (url === undefined) return "";
  try {
    return new URL(url).pathname.replace(/\/$/, "");
  } catch {
    return "";
  }
}
