/**
 * Fills `{name}` path templates so that no parameter value can change which path a request goes
 * to: every value is one percent-encoded segment (RFC 3986 §3.3), and values that URL parsers
 * treat as dot-segments (`.`/`..`, RFC 3986 §5.2.4) or that leave a segment empty are refused.
 * openapi-fetch's default serializer encodes `/`, `?` and `%`, but passes `..` through.
 */
import { AtlasParameterError } from "./errors.js";

/**
 * openapi-fetch's `pathSerializer`: `/orgs/{orgId}` with `{ orgId: "a b" }` gives `/orgs/a%20b`.
 * @throws AtlasParameterError for a missing, non-string/number, empty, `.` or `..` value.
 */
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
