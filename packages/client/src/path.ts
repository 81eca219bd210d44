/**
 * Fills `{name}` path templates so that no parameter value can change which path a request goes
 * to: every value is one percent-encoded segment (RFC 3986 §3.3), and values that URL parsers
 * treat as dot-segments (`.`/`..`, RFC 3986 §5.2.4) or that leave a segment empty are refused.
 * openapi-fetch's default serializer encodes `/`, `?` and `%`, but passes `..` through and
 * leaves `{orgId}` in the URL when the value is missing.
 */
import { AtlasParameterError } from "./errors.js";

export function safePathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  return pathname.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = pathParams[name];
    if (value === undefined) throw new AtlasParameterError(`Path parameter "${name}" is missing`);
    if (typeof value !== "string" && typeof value !== "number") {
      throw new AtlasParameterError(`Path parameter "${name}" must be a string, got ${typeof value}`);
    }
    const text = String(value);
    if (text === "" || text === "." || text === "..") {
      throw new AtlasParameterError(`Path parameter "${name}" must not be empty, "." or ".."`);
    }
    return encodeURIComponent(text);
  });
}

/**
 * Checks every `{name}` of a path template against `params.path` before openapi-fetch builds the
 * URL: openapi-fetch calls the path serializer only when `params.path` is set, so without this a
 * call with no `params` (or `params: {}`) would be sent to `/orgs/%7BorgId%7D/…`.
 */
export function checkPathTemplate(template: string, params: unknown): void {
  const path =
    typeof params === "object" && params !== null ? (params as { path?: unknown }).path : undefined;
  safePathSerializer(
    template,
    typeof path === "object" && path !== null ? (path as Record<string, unknown>) : {},
  );
}
