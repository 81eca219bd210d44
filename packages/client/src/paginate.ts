/**
 * `atlas.paginate(path, init)`: the items of every page of a paginated Atlas list, one call per
 * page through the client (so each page has its own deadline and 429 retry). Atlas pages with
 * `pageNum` (from 1) and `itemsPerPage` (1–500) and answers `{ results, totalCount? }`.
 * The walk stops at `totalCount`, at a short or empty page, or after `maxItems`; a page that
 * repeats one already seen fails (a server that ignores `pageNum` would otherwise loop forever).
 */
import type { paths } from "@atlas-admin/types";
import type { Client } from "openapi-fetch";
import type { PageItem, PaginatedPath, PaginateInit } from "./client-type.js";
import { AtlasPageError, AtlasResponseError } from "./errors.js";

/** Items asked per page when the caller does not say: the most Atlas allows. */
export const DEFAULT_ITEMS_PER_PAGE = 500;

type Page = { results?: unknown[]; totalCount?: number };
type Get = (
  url: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** `paginate` over a client's GET (openapi-fetch's, under the client's transport and middleware). */
export function createPaginate(client: Pick<Client<paths>, "GET">) {
  return async function* paginate<Path extends PaginatedPath>(
    path: Path,
    init: PaginateInit<Path>,
  ): AsyncGenerator<PageItem<Path>, void, undefined> {
    const { maxItems = Number.POSITIVE_INFINITY, ...rest } = init as PaginateInit<Path> &
      Record<string, unknown>;
    const params = (rest.params ?? {}) as { query?: Record<string, unknown> };
    const query = params.query ?? {};
    const itemsPerPage = (query.itemsPerPage as number | undefined) ?? DEFAULT_ITEMS_PER_PAGE;
    let pageNum = (query.pageNum as number | undefined) ?? 1;
    let yielded = 0;
    const seen = new Set<number>();
    const get = client.GET as unknown as Get;
    while (yielded < maxItems) {
      const { data, error, response } = await get(path, {
        ...rest,
        params: { ...params, query: { ...query, pageNum, itemsPerPage } },
      });
      if (error !== undefined) throw new AtlasPageError(path, pageNum, response.status, error);
      const page = data as Page;
      const results = Array.isArray(page?.results) ? page.results : [];
      if (results.length === 0) return;
      const fingerprint = hash(JSON.stringify(results));
      if (seen.has(fingerprint)) {
        throw new AtlasResponseError(
          "GET",
          new URL(response.url || "http://x").pathname,
          response.status,
          `page ${pageNum} repeating an earlier page`,
        );
      }
      seen.add(fingerprint);
      for (const item of results) {
        yield item as PageItem<Path>;
        if (++yielded >= maxItems) return;
      }
      const total = page.totalCount;
      if (results.length < itemsPerPage || (typeof total === "number" && pageNum * itemsPerPage >= total))
        return;
      pageNum += 1;
    }
  };
}

/** FNV-1a, 32 bits: enough to tell pages apart without keeping them. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
