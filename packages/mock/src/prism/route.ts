import type { PrismOperation } from "./types.js";

export type Route =
  | { readonly kind: "found"; readonly operation: PrismOperation; readonly path: Record<string, string> }
  /** The path exists with other methods: 405 with `Allow`. */
  | { readonly kind: "no-method"; readonly allow: readonly string[] }
  | { readonly kind: "no-path" };

/**
 * Finds the operation for a method and a (normalized) path, as Prism's router does, but keeps what
 * Prism does not say: the methods the path has (for `Allow`) and the path parameters' values.
 */
export function findRoute(operations: readonly PrismOperation[], method: string, path: string): Route {
  const matching = operations
    .map((operation) => ({ operation, path: matchTemplate(operation.path, path) }))
    .filter(
      (candidate): candidate is { operation: PrismOperation; path: Record<string, string> } =>
        candidate.path !== undefined,
    );
  const found = matching.find((candidate) => candidate.operation.method === method.toLowerCase());
  if (found) return { kind: "found", ...found };
  if (matching.length === 0) return { kind: "no-path" };
  return {
    kind: "no-method",
    allow: [...new Set(matching.map((candidate) => candidate.operation.method.toUpperCase()))],
  };
}

/** `{orgId}` matches one non-empty segment; values are percent-decoded. */
function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const values: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] as string;
    const parameter = /^\{(.+)\}$/.exec(segment);
    if (parameter) {
      if (actual === "") return undefined;
      values[parameter[1] as string] = safeDecode(actual);
    } else if (segment !== actual) return undefined;
  }
  return values;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * RFC 3986 §6.2.2: hex digits of percent-encodings compare case-insensitively and a
 * percent-encoded unreserved character is the character itself, so `/orgs/%35980…/apiKey%73`
 * is `/orgs/5980…/apiKeys`. Reserved characters stay encoded: `%2F` is data, not a separator.
 */
export function normalizePath(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (encoded, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : encoded.toUpperCase();
  });
}
