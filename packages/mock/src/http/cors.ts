/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol) for pages that call the mock
 * from another origin, such as the API reference's try-it panel opened elsewhere.
 *
 * - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered 204 before
 *   authentication (browsers send no credentials on it) and never counts against a rate limit.
 * - Every other answer (200s, 401 challenges, 429s, every error) carries the allowed origin and
 *   `Access-Control-Expose-Headers`, so a page can read `WWW-Authenticate` to sign with Digest.
 * - Methods and exposed headers come from the spec: every method it has, every response header it
 *   declares. `Authorization`, `Content-Type`, `Accept` and `Prefer` are named one by one: a `*`
 *   never covers `Authorization`. Credentials mode is not used (the page sends `Authorization`
 *   itself), so no `Access-Control-Allow-Credentials`.
 */
import { readFile } from "node:fs/promises";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import type { HeaderValues } from "../pipeline/respond.js";

/** Request headers a page may send: named one by one (a `*` does not cover `Authorization`). */
export const CORS_REQUEST_HEADERS = ["Authorization", "Content-Type", "Accept", "Prefer"] as const;
/** How long (s) a browser may cache a preflight's answer. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Which origins may call: `*` (any), `null` (a page opened from disk or a sandbox; only when
 * listed), or exact origins such as `https://docs.example.com`. `loopback` stands for every
 * `http(s)://localhost`, `127.0.0.0/8` and `[::1]` origin on any port.
 */
export type AllowedOrigins = readonly string[];

/** The default: the mock's own pages and every loopback origin. */
export const DEFAULT_ALLOWED_ORIGINS: AllowedOrigins = ["loopback"];

export interface CorsPolicy {
  /**
   * The headers every answer to `origin` carries; `host` is the request's `Host`, so that the
   * mock's own pages (an origin with that host and port) are always allowed.
   */
  headersFor(origin: string | undefined, host?: string): HeaderValues;
  /** The 204 answer of a preflight, or `undefined` when the request is not one. */
  preflight(method: string, headers: IncomingHttpHeaders): { status: 204; headers: HeaderValues } | undefined;
}

/**
 * A policy from the allowed origins and the spec's methods and response headers.
 * @throws RangeError for an entry that is neither `*`, `null`, `loopback` nor an http(s) origin.
 */
export function createCorsPolicy(options: {
  allowedOrigins?: AllowedOrigins;
  /** Methods of the spec's operations, any case. */
  methods: readonly string[];
  /** Response header names the spec declares. */
  exposedHeaders: readonly string[];
}): CorsPolicy {
  const allowed = (options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS).map(checkAllowedOrigin);
  const methods = [...new Set(options.methods.map((m) => m.toUpperCase()))].join(", ");
  const expose = [...new Set(options.exposedHeaders.map(canonical))].join(", ");
  const isAllowed = (origin: string, host: string | undefined): boolean =>
    sameHost(origin, host) ||
    allowed.some((entry) =>
      entry === "*" ? true : entry === "loopback" ? isLoopbackOrigin(origin) : entry === origin,
    );

  const headersFor = (origin: string | undefined, host?: string): HeaderValues => {
    if (origin === undefined || !isAllowed(origin, host)) return { Vary: "Origin" };
    return {
      "Access-Control-Allow-Origin": origin,
      ...(expose === "" ? {} : { "Access-Control-Expose-Headers": expose }),
      Vary: "Origin",
    };
  };

  return {
    headersFor,
    preflight(method, headers): { status: 204; headers: HeaderValues } | undefined {
      const origin = single(headers.origin);
      if (method !== "OPTIONS" || origin === undefined) return undefined;
      if (headers["access-control-request-method"] === undefined) return undefined;
      if (!isAllowed(origin, single(headers.host))) return { status: 204, headers: { Vary: "Origin" } };
      return {
        status: 204,
        headers: {
          "Access-Control-Allow-Origin": origin,
          "Access-Control-Allow-Methods": methods,
          "Access-Control-Allow-Headers": CORS_REQUEST_HEADERS.join(", "),
          "Access-Control-Max-Age": String(CORS_MAX_AGE_SECONDS),
          Vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        },
      };
    },
  };
}

/**
 * The server's hook: sets the CORS headers of this request on `res` (they are merged into whatever
 * is written later) and answers a preflight. Returns true when it answered.
 */
export function applyCors(
  policy: CorsPolicy,
  method: string,
  headers: IncomingHttpHeaders,
  res: ServerResponse,
): boolean {
  const preflight = policy.preflight(method, headers);
  const set = preflight?.headers ?? policy.headersFor(single(headers.origin), single(headers.host));
  for (const [name, value] of Object.entries(set)) res.setHeader(name, value as string);
  if (preflight === undefined) return false;
  res.writeHead(preflight.status).end();
  return true;
}

/** Every method and declared response header name of an OpenAPI document (JSON, `$ref`s inside it). */
export function corsFacts(document: Record<string, unknown>): {
  methods: string[];
  exposedHeaders: string[];
} {
  const methods = new Set<string>();
  const headers = new Set<string>();
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const item of Object.values(paths)) {
    for (const [method, operation] of Object.entries(resolve(document, item) ?? {})) {
      if (!HTTP_METHODS.has(method)) continue;
      methods.add(method.toUpperCase());
      const responses = (resolve(document, operation) as { responses?: Record<string, unknown> })?.responses;
      for (const response of Object.values(responses ?? {})) {
        const declared = (resolve(document, response) as { headers?: Record<string, unknown> })?.headers;
        for (const name of Object.keys(declared ?? {})) headers.add(canonical(name));
      }
    }
  }
  // The token endpoint (a form POST) and the challenge every 401 carries, whatever the spec lists.
  methods.add("POST");
  headers.add("WWW-Authenticate");
  return { methods: [...methods], exposedHeaders: [...headers] };
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

function resolve(document: Record<string, unknown>, value: unknown): Record<string, unknown> | undefined {
  let node = value as Record<string, unknown> | undefined;
  for (let hops = 0; hops < 10 && typeof node?.$ref === "string"; hops++) {
    const ref = node.$ref as string;
    if (!ref.startsWith("#/")) return undefined;
    node = ref
      .slice(2)
      .split("/")
      .reduce<unknown>(
        (at, key) =>
          (at as Record<string, unknown> | undefined)?.[key.replaceAll("~1", "/").replaceAll("~0", "~")],
        document,
      ) as Record<string, unknown> | undefined;
  }
  return node;
}

/** `retry-after` → `Retry-After`, `www-authenticate` → `WWW-Authenticate`. */
function canonical(name: string): string {
  if (name.toLowerCase() === "www-authenticate") return "WWW-Authenticate";
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join("-")
    .replace(/^Ratelimit-/, "RateLimit-");
}

/**
 * One entry of the allowed origins, checked: `*`, `null`, `loopback`, or an http(s) origin (given
 * back as the URL standard serializes it).
 * @throws RangeError naming what an entry may be.
 */
export function checkAllowedOrigin(entry: string): string {
  if (entry === "*" || entry === "null" || entry === "loopback") return entry;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new RangeError(
      `Invalid allowed origin: ${entry.slice(0, 100)} (give *, null, loopback or an origin)`,
    );
  }
  if (!/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, "").toLowerCase())
    throw new RangeError(
      `Invalid allowed origin: ${entry.slice(0, 100)} (an origin is scheme://host[:port], no path)`,
    );
  return url.origin;
}

/** Whether an `Origin` is http(s) on localhost, 127.0.0.0/8 or [::1], any port. */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (!/^https?:$/.test(url.protocol)) return false;
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether `origin` is the mock's own: http with the request's `Host` (host and port). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return url.protocol === "http:" && url.host === host.toLowerCase();
  } catch {
    return false;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The CORS facts of the spec file the mock serves (JSON, or YAML by its extension); read after the
 * mock has loaded the same file, so it is known to parse.
 */
export async function readCorsFacts(
  specPath: string,
): Promise<{ methods: string[]; exposedHeaders: string[] }> {
  const text = await readFile(specPath, "utf8");
  const document = /\.ya?ml$/i.test(specPath) ? parseYaml(text) : JSON.parse(text);
  return corsFacts(document as Record<string, unknown>);
}
