import type { PrismOperation } from "../prism/types.js";
import { type Creator, redacted } from "./lifecycle.js";

/**
 * What the mock created, per collection (the creating request's path, so per organization), in
 * memory: read, updated and removed by the operations the spec links to the creating one
 * (./lifecycle.ts), and served back as pages by an operation whose success schema carries
 * `x-mock-list` (spec/README.md). Bounded: at most `maxPerList` resources per collection and
 * `maxTotal` in all; past either, the oldest is forgotten first.
 */

export const MOCK_LIST_EXTENSION = "x-mock-list";

interface ListHint {
  readonly results: string;
  readonly totalCount?: string;
}

export interface PageRequest {
  /** The collection: the request's path, normalized. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The first server URL of the spec, without a trailing slash. */
  readonly server: string;
}

interface Entry {
  readonly seq: number;
  item: unknown;
}

export class ResourceStore {
  readonly #lists = new Map<PrismOperation, { status: number; hint: ListHint }>();
  /** collection → id → entry, each map in creation order. */
  readonly #collections = new Map<string, Map<string, Entry>>();
  /** Every kept resource in creation order, to forget the oldest first; stale entries are skipped. */
  #order: { collection: string; id: string; seq: number }[] = [];
  #orderStart = 0;
  #seq = 0;
  #total = 0;
  readonly #maxPerList: number;
  readonly #maxTotal: number;

  constructor(
    operations: readonly PrismOperation[],
    /** What is kept (each resource is bounded in size by the spec's own limits); defaults: src/options.ts. */
    bounds: { maxPerList: number; maxTotal: number },
  ) {
    this.#maxPerList = bounds.maxPerList;
    this.#maxTotal = bounds.maxTotal;
    for (const operation of operations) {
      for (const response of operation.responses) {
        if (!/^2\d\d$/.test(response.code)) continue;
        const schema = response.contents?.find((c) => c.mediaType === "application/json")?.schema as
          | Record<string, unknown>
          | undefined;
        const hint = schema?.[MOCK_LIST_EXTENSION] as ListHint | undefined;
        if (hint !== undefined) this.#lists.set(operation, { status: Number(response.code), hint });
      }
    }
  }

  /** Keeps a created resource under its id (`creator.idField` of it, else a number of the store's). */
  create(creator: Creator, collection: string, item: unknown): void {
    const seq = ++this.#seq;
    const field =
      creator.idField === undefined ? undefined : (item as Record<string, unknown> | null)?.[creator.idField];
    const id = typeof field === "string" ? field : `#${seq}`;
    const entries = this.#collections.get(collection) ?? new Map<string, Entry>();
    this.#collections.set(collection, entries);
    if (entries.delete(id)) this.#total--;
    entries.set(id, { seq, item });
    this.#order.push({ collection, id, seq });
    this.#total++;
    if (entries.size > this.#maxPerList) this.#forget(collection, entries.keys().next().value as string);
    while (this.#total > this.#maxTotal && this.#orderStart < this.#order.length) this.#forgetOldest();
    // Entries of resources already gone are dropped now and then: the order stays within twice
    // the resources kept.
    if (this.#order.length - this.#orderStart > 2 * this.#total + 1024) {
      this.#order = this.#order
        .slice(this.#orderStart)
        .filter((o) => this.#collections.get(o.collection)?.get(o.id)?.seq === o.seq);
      this.#orderStart = 0;
    }
  }

  /** The resource, or undefined when there is none with that id. */
  get(collection: string, id: string): unknown {
    return this.#collections.get(collection)?.get(id)?.item;
  }

  /** Replaces a kept resource; false when there is none with that id. */
  replace(collection: string, id: string, item: unknown): boolean {
    const entry = this.#collections.get(collection)?.get(id);
    if (entry === undefined) return false;
    entry.item = item;
    return true;
  }

  /** Removes one resource (or, without an id, every one of the collection); false when none was there. */
  remove(collection: string, id: string | undefined): boolean {
    const entries = this.#collections.get(collection);
    if (entries === undefined) return false;
    if (id === undefined) {
      this.#total -= entries.size;
      this.#collections.delete(collection);
      return entries.size > 0;
    }
    return this.#forget(collection, id);
  }

  /** Resources kept now, in all collections. */
  get size(): number {
    return this.#total;
  }

  /** Whether `operation` answers with a page of what was created, for `status`. */
  lists(operation: PrismOperation, status: number): boolean {
    return this.#lists.get(operation)?.status === status;
  }

  /** The page the request asks for, with the parameters' defaults from the spec. */
  page(
    operation: PrismOperation,
    request: PageRequest,
    redact: Readonly<Record<string, string>>,
  ): Record<string, unknown> {
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
    const all = [...(this.#collections.get(request.path)?.values() ?? [])];
    const results = all
      .slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage)
      .map(({ item }) => redacted(item, redact));
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

  #forget(collection: string, id: string): boolean {
    const entries = this.#collections.get(collection);
    if (!entries?.delete(id)) return false;
    this.#total--;
    if (entries.size === 0) this.#collections.delete(collection);
    return true;
  }

  #forgetOldest(): void {
    const oldest = this.#order[this.#orderStart++];
    if (this.#orderStart > 1024 && this.#orderStart * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#orderStart);
      this.#orderStart = 0;
    }
    if (oldest === undefined) return;
    // Only if it is still the same resource (not removed, nor created again since).
    if (this.#collections.get(oldest.collection)?.get(oldest.id)?.seq === oldest.seq) {
      this.#forget(oldest.collection, oldest.id);
    }
  }
}
