/**
 * What the suite leaves on the target, read from the target itself: each creating operation's
 * collection is listed (the GET on its path, page by page) and every item that carries the
 * suite's marker in its `desc`, or that the run registered as created, is a leftover; leftovers
 * are removed through the DELETE the spec links from the creating operation. Runs in the global
 * setup (what an earlier run left) and teardown (what this run left), through the rate budget;
 * the setup also lists with the service account, to know the target takes it.
 */
import { createAtlasAdminClient } from "@atlas-admin/client";
import type { SpecOperation } from "@atlas-admin/spec-kit";
import { budgetMiddleware } from "./budget.js";
import type { ContractTarget } from "./target.js";
import { runTokenCache } from "./token-cache.js";

/** Put in the `desc` of everything the suite creates. */
export const TEST_MARKER = "[atlas-contract-suite]";

/** Items per page when listing (Atlas's largest page). */
const PAGE_SIZE = 500;
/** Pages read at most per collection: 100,000 items. */
const MAX_PAGES = 200;

/** A resource the run registered: the operation that removes it and the path that reaches it. */
export interface Registered {
  operationId: string;
  path: Record<string, string>;
}

export interface Leftover {
  /** How the failure names it: the DELETE and the path that reaches it, with its `desc`. */
  name: string;
  remove: SpecOperation;
  path: Record<string, string>;
}

type Client = ReturnType<typeof createAtlasAdminClient>;

/** A collection the target would not list: its status says why (401 credentials, 403/404 organization). */
export class ListingError extends Error {
  constructor(
    path: string,
    target: string,
    readonly status: number,
  ) {
    super(`listing ${path} on ${target} answered ${status}`);
  }
}

/**
 * Whether the target lets the run's service account in: the first page of each collection the
 * suite creates in, listed with the service account (which asks the run's one token, kept in the
 * run's token cache for every test file).
 * @throws AtlasTokenError when the token endpoint refuses the service account; ListingError.
 */
export async function checkServiceAccount(target: ContractTarget, operations: readonly SpecOperation[]) {
  const atlas = adminClient(target, operations, true);
  for (const { list } of collections(operations)) {
    if (list === undefined) continue;
    const { response } = await call(atlas, list, { params: { path: { orgId: target.orgId } } });
    if (!response.ok) throw new ListingError(list.path, target.name, response.status);
  }
}

/**
 * Each removable resource of the spec: the DELETE linked from the operation that creates it, its
 * link's fields, and the GET that lists its collection (undefined when the spec has none).
 */
function collections(operations: readonly SpecOperation[]) {
  return operations.flatMap((remove) => {
    if (remove.method !== "delete" || remove.linkedFrom === undefined) return [];
    const { source, fields } = remove.linkedFrom;
    const list = operations.find((o) => o.method === "get" && o.path === source.path);
    return [{ remove, fields, list }];
  });
}

type Call = (path: string, init: unknown) => Promise<{ data?: unknown; response: Response }>;

/** A client of the target with its API key, or with its service account and the run's token cache. */
function adminClient(target: ContractTarget, operations: readonly SpecOperation[], service = false): Client {
  const common = {
    baseUrl: target.baseUrl,
    timeoutMs: 120_000,
    retry: { attempts: 6, maxDelayMs: 90_000 },
    // The API never redirects: a listing that is redirected is a wrong target, said as such.
    fetch: (request: Request) => fetch(request, { redirect: "manual" }),
  };
  const atlas =
    service && target.clientId && target.clientSecret
      ? createAtlasAdminClient({
          ...common,
          clientId: target.clientId,
          clientSecret: target.clientSecret,
          tokenCache: runTokenCache(),
        })
      : createAtlasAdminClient({ ...common, publicKey: target.publicKey, privateKey: target.privateKey });
  atlas.use(
    budgetMiddleware((path, method) =>
      operations.find((o) => o.path === path && o.method === method.toLowerCase()),
    ),
  );
  return atlas;
}

/** Calls an operation of the spec by its template (the client's middleware takes its call from the budget). */
function call(
  atlas: Client,
  operation: SpecOperation,
  init: { params: { path: Record<string, string>; query?: Record<string, unknown> } },
) {
  const method = operation.method.toUpperCase() as "GET";
  return (atlas[method] as unknown as Call)(operation.path, init);
}

/**
 * The leftovers on the target: items with the marker, and items matching `registered` (the path
 * parameters of resources the run created and did not see removed). A registered resource whose
 * collection cannot be listed is a leftover as it stands.
 * @throws Error when a listing fails.
 */
export async function leftovers(
  target: ContractTarget,
  operations: readonly SpecOperation[],
  registered: readonly Registered[],
): Promise<Leftover[]> {
  const atlas = adminClient(target, operations);
  const found: Leftover[] = [];
  for (const { remove, fields, list } of collections(operations)) {
    const mine = registered.filter((r) => r.operationId === remove.operationId).map((r) => r.path);
    if (list === undefined) {
      for (const path of mine)
        found.push({
          name: `${remove.method.toUpperCase()} ${remove.path} ${JSON.stringify(path)}`,
          remove,
          path,
        });
      continue;
    }
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { data, response } = await call(atlas, list, {
        params: { path: { orgId: target.orgId }, query: { itemsPerPage: PAGE_SIZE, pageNum: page } },
      });
      if (!response.ok) throw new ListingError(list.path, target.name, response.status);
      const results = (data as { results?: Record<string, unknown>[] } | undefined)?.results ?? [];
      for (const item of results) {
        const path: Record<string, string> = { orgId: target.orgId };
        for (const [name, field] of Object.entries(fields)) path[name] = String(item[field]);
        const isMarked = typeof item.desc === "string" && item.desc.includes(TEST_MARKER);
        const isMine = mine.some((p) => Object.keys(fields).every((name) => String(p[name]) === path[name]));
        if (isMarked || isMine)
          found.push({
            name: `${remove.method.toUpperCase()} ${remove.path} ${JSON.stringify(path)}${typeof item.desc === "string" ? ` (desc ${JSON.stringify(item.desc)})` : ""}`,
            remove,
            path,
          });
      }
      if (results.length < PAGE_SIZE) break;
    }
  }
  return found;
}

/** Removes each leftover; returns how many were found and how many removed. */
export async function removeLeftovers(
  target: ContractTarget,
  found: readonly Leftover[],
): Promise<{ found: number; removed: number }> {
  const atlas = adminClient(target, [...new Set(found.map((f) => f.remove))]);
  let removed = 0;
  for (const leftover of found) {
    const { response } = await call(atlas, leftover.remove, { params: { path: leftover.path } });
    if (response.ok) removed++;
  }
  return { found: found.length, removed };
}
