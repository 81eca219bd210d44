import type { PrismOperation } from "../prism/types.js";

/**
 * What the mock created, kept per path (so per organization) in memory for the life of the process,
 * and served back as pages by an operation whose success schema carries `x-mock-list`
 * (spec/README.md): `from` names the method on the same path whose successes are kept.
 */

export const MOCK_LIST_EXTENSION = "x-mock-list";

interface ListHint {
  readonly from: string;
  readonly results: string;
  readonly totalCount?: string;
  readonly redact?: Readonly<Record<string, string>>;
}

interface ListOperation {
  readonly operation: PrismOperation;
  readonly status: number;
  readonly hint: ListHint;
}

export interface PageRequest {
  /** The request's path, normalized: the key of what was created. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The first server URL of the spec, without a trailing slash. */
  readonly server: string;
}

export class ListStore {
  readonly #lists = new Map<PrismOperation, ListOperation>();
  /** `method template` of the operations whose successes are kept. */
  readonly #feeds = new Set<string>();
  readonly #created = new Map<string, unknown[]>();

  constructor(operations: readonly PrismOperation[]) {
    for (const operation of operations) {
      for (const response of operation.responses) {
        if (!/^2\d\d$/.test(response.code)) continue;
        const schema = response.contents?.find((c) => c.mediaType === "application/json")?.schema as
          | Record<string, unknown>
          | undefined;
        const hint = schema?.[MOCK_LIST_EXTENSION] as ListHint | undefined;
        if (hint === undefined) continue;
        this.#lists.set(operation, { operation, status: Number(response.code), hint });
        this.#feeds.add(`${hint.from.toLowerCase()} ${operation.path}`);
      }
    }
  }

  /** Keeps a created resource when `operation` feeds a list. */
  keep(operation: PrismOperation, path: string, created: unknown): void {
    if (created === undefined || !this.#feeds.has(`${operation.method} ${operation.path}`)) return;
    const list = this.#created.get(path) ?? [];
    list.push(created);
    this.#created.set(path, list);
  }

  /** Whether `operation` answers with a page of what was created, for `status`. */
  lists(operation: PrismOperation, status: number): boolean {
    return this.#lists.get(operation)?.status === status;
  }

  /** The page the request asks for, with the parameters' defaults from the spec. */
  page(operation: PrismOperation, request: PageRequest): Record<string, unknown> {
    const list = this.#lists.get(operation);
    if (list === undefined)
      throw new Error(`${operation.method} ${operation.path} has no ${MOCK_LIST_EXTENSION}`);
    const { hint } = list;
    const parameter = (name: string): unknown => {
      const value = request.query.get(name);
      if (value !== null) return value;
      const declared = (operation.request?.query ?? []).find((p) => p.name === name);
      return (declared?.schema as { default?: unknown } | undefined)?.default;
    };
    const pageNum = Number(parameter("pageNum") ?? 1);
    const itemsPerPage = Number(parameter("itemsPerPage") ?? 100);
    const includeCount = String(parameter("includeCount") ?? true) !== "false";
    const all = this.#created.get(request.path) ?? [];
    const results = all
      .slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage)
      .map((item) => redact(item, hint.redact ?? {}));
    const href = (page: number) =>
      `${request.server}${request.path}?pageNum=${page}&itemsPerPage=${itemsPerPage}`;
    const links = [{ href: href(pageNum), rel: "self" }];
    if (pageNum > 1) links.push({ href: href(pageNum - 1), rel: "previous" });
    if (pageNum * itemsPerPage < all.length) links.push({ href: href(pageNum + 1), rel: "next" });
    return {
      [hint.results]: results,
      ...(includeCount && hint.totalCount !== undefined ? { [hint.totalCount]: all.length } : {}),
      links,
    };
  }
}

/** `{last:N}` in a template: the value's last N characters. */
function redact(item: unknown, templates: Readonly<Record<string, string>>): unknown {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const [name, template] of Object.entries(templates)) {
    const value = copy[name];
    if (typeof value !== "string") continue;
    copy[name] = template.replace(/\{last:(\d+)\}/g, (_, n: string) => value.slice(-Number(n)));
  }
  return copy;
}
