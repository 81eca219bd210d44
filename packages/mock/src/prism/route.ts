import type { PrismOperation } from "./types.js";

export type Route =
  | {
      readonly kind: "found";
      readonly operation: PrismOperation;
      /** Path parameters as sent (still percent-encoded), by the template's names. */
      readonly parameters: Readonly<Record<string, string>>;
    }
  /** The path exists with other methods: 405 with `Allow` (RFC 9110 §15.5.6). */
  | { readonly kind: "no-method"; readonly allow: readonly string[] }
  | { readonly kind: "no-path" };

interface Node {
  readonly literals: Map<string, Node>;
  /** The child for a `{parameter}` segment (whatever name a template gives it). */
  parameter: Node | undefined;
  /** Operations ending here, by lower-case method, with the template's parameter names in order. */
  readonly operations: Map<string, { operation: PrismOperation; names: readonly string[] }>;
}

const newNode = (): Node => ({ literals: new Map(), parameter: undefined, operations: new Map() });

/**
 * The spec's paths as a tree of segments, built once: a lookup costs one step per segment of the
 * request's path, whatever the number of operations. A literal segment wins over a `{parameter}`
 * at the same place (OpenAPI 3.1 §4.8.8: concrete paths are matched before templated ones).
 */
export class RouteIndex {
  readonly #root = newNode();

  constructor(operations: readonly PrismOperation[]) {
    for (const operation of operations) {
      let node = this.#root;
      const names: string[] = [];
      for (const segment of operation.path.split("/").slice(1)) {
        const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
        if (parameter === undefined) {
          const next = node.literals.get(segment) ?? newNode();
          node.literals.set(segment, next);
          node = next;
        } else {
          node.parameter ??= newNode();
          names.push(parameter);
          node = node.parameter;
        }
      }
      node.operations.set(operation.method.toLowerCase(), { operation, names });
    }
  }

  /** Finds the operation for a method and a normalized path (`/orgs/abc/apiKeys`). */
  find(method: string, path: string): Route {
    const segments = path.split("/").slice(1);
    const values: string[] = [];
    const node = match(this.#root, segments, 0, values);
    if (node === undefined) return { kind: "no-path" };
    const found = node.operations.get(method.toLowerCase());
    if (found === undefined) {
      return { kind: "no-method", allow: [...node.operations.keys()].map((m) => m.toUpperCase()) };
    }
    const parameters: Record<string, string> = {};
    found.names.forEach((name, i) => {
      parameters[name] = values[i] as string;
    });
    return { kind: "found", operation: found.operation, parameters };
  }
}

/** Depth-first: literals first, then a parameter (one non-empty segment); `values` collects them. */
function match(node: Node, segments: readonly string[], at: number, values: string[]): Node | undefined {
  if (at === segments.length) return node.operations.size > 0 ? node : undefined;
  const segment = segments[at] as string;
  const literal = node.literals.get(segment);
  if (literal !== undefined) {
    const found = match(literal, segments, at + 1, values);
    if (found !== undefined) return found;
  }
  if (node.parameter === undefined || segment === "") return undefined;
  values.push(segment);
  const found = match(node.parameter, segments, at + 1, values);
  if (found === undefined) values.pop();
  return found;
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
