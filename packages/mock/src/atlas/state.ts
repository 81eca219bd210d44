import type { PrismOperation } from "../prism/types.js";

/**
 * What the mock created, kept per path (so per organization) in memory, and served back as pages
 * by an operation whose success schema carries `x-mock-list` (spec/README.md): `from` names the
 * method on the same path whose successes are kept. Bounded: at most `maxPerList` resources per
 * path and `maxTotal` in all; past either, the oldest is forgotten first.
 */

/** Default bounds of what is kept (each resource is bounded in size by the spec's own limits). */
export const DEFAULT_MAX_CREATED_PER_LIST = 10_000;
export const DEFAULT_MAX_CREATED = 50_000;

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
  readonly #created = new Map<string, { seq: number; item: unknown }[]>();
  /** Every kept resource in creation order, to forget the oldest first; stale entries are skipped. */
  #order: { path: string; seq: number }[] = [];
  #orderStart = 0;
  #seq = 0;
  #total = 0;
  readonly #maxPerList: number;
  readonly #maxTotal: number;

  constructor(
    operations: readonly PrismOperation[],
    bounds: { maxPerList?: number; maxTotal?: number } = {},
  ) {
    this.#maxPerList = bounds.maxPerList ?? DEFAULT_MAX_CREATED_PER_LIST;
    this.#maxTotal = bounds.maxTotal ?? DEFAULT_MAX_CREATED;
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
    const seq = ++this.#seq;
    list.push({ seq, item: created });
    this.#created.set(path, list);
    this.#order.push({ path, seq });
    this.#total++;
    if (list.length > this.#maxPerList) {
      list.shift();
      this.#total--;
    }
    while (this.#total > this.#maxTotal) this.#forgetOldest();
    // Entries whose resource a list's own bound forgot are dropped now and then: the order stays
    // within twice the resources kept.
    if (this.#order.length - this.#orderStart > 2 * this.#total + 1024) {
      this.#order = this.#order.slice(this.#orderStart).filter(({ path, seq }) => {
        const first = this.#created.get(path)?.[0];
        return first !== undefined && seq >= first.seq;
      });
      this.#orderStart = 0;
    }
  }

  /** Resources kept now, in all lists. */
  get size(): number {
    return this.#total;
  }

  #forgetOldest(): void {
    const oldest = this.#order[this.#orderStart++];
    if (this.#orderStart > 1024 && this.#orderStart * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#orderStart);
      this.#orderStart = 0;
    }
    if (oldest === undefined) return;
    const list = this.#created.get(oldest.path);
    if (list?.[0]?.seq !== oldest.seq) return; // already forgotten by its list's own bound
    list.shift();
    this.#total--;
    if (list.length === 0) this.#created.delete(oldest.path);
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
      .map(({ item }) => redact(item, hint.redact ?? {}));
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
