/**
 * The exported client type: openapi-fetch's `Client<paths>` without the per-call options this
 * client cannot honour (`fetch` would skip authentication, `Request` and `pathSerializer` could
 * rewrite the path), with `error.errorCode` typed as the codes each operation documents, and
 * `paginate`. The path unions are computed once per method (PathsByMethod), not per call, so the
 * cost of type-checking calls grows linearly with the number of operations (scripts/type-cost.mjs).
 */

import type { ApiError, DocumentedErrorCodes, paths } from "@atlas-admin/types";
import type { Client, MaybeOptionalInit, ParseAsResponse } from "openapi-fetch";
import type {
  HttpMethod,
  MediaType,
  PathsWithMethod,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from "openapi-typescript-helpers";

/** Per-call options that are refused: set them on createAtlasAdminClient, or not at all. */
export interface NotPerCall {
  fetch?: never;
  Request?: never;
  pathSerializer?: never;
}

/** For each method, the paths that have it: one mapped type over `paths`, computed once. */
export type PathsByMethod = {
  [M in HttpMethod]: {
    [P in keyof paths]: paths[P][M & keyof paths[P]] extends undefined ? never : P;
  }[keyof paths];
};

/** The errorCode values the spec documents for an operation (`never` when none). */
export type ErrorCodeOf<Path, M> = Path extends keyof DocumentedErrorCodes
  ? M extends keyof DocumentedErrorCodes[Path]
    ? DocumentedErrorCodes[Path][M]
    : never
  : never;

/**
 * Atlas's ApiError with `errorCode` typed as the codes the operation documents, or any other
 * string (Atlas may send codes the spec does not know).
 */
export type AtlasApiError<Code extends string = never> = Omit<ApiError, "errorCode"> & {
  errorCode: Code | (string & {});
};

/** What a call resolves to: openapi-fetch's shape, `error` typed as AtlasApiError. */
export type AtlasResponse<Operation, Init, Code extends string> =
  Operation extends Record<string | number, unknown>
    ?
        | {
            data: ParseAsResponse<SuccessResponse<ResponseObjectMap<Operation>, MediaType>, Init>;
            error?: never;
            response: Response;
          }
        | { data?: never; error: AtlasApiError<Code>; response: Response }
    : never;

// As openapi-fetch's own InitParam: optional when nothing in it is required, extra keys allowed.
type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & { [key: string]: unknown })?]
    : [Init & { [key: string]: unknown }];

// The path union is a type argument, computed once per method: indexing PathsByMethod[M] in the
// signature made every call instantiate it again (superlinear in the number of operations).
type Method<M extends HttpMethod, Paths extends keyof paths> = <
  Path extends Paths,
  Init extends MaybeOptionalInit<paths[Path], M> & NotPerCall,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<AtlasResponse<paths[Path][M], Init, ErrorCodeOf<Path, M>>>;

type RequestMethod = <
  M extends HttpMethod,
  Path extends PathsWithMethod<paths, M>,
  Init extends MaybeOptionalInit<paths[Path], M> & NotPerCall,
>(
  method: M,
  url: Path,
  ...init: InitParam<Init>
) => Promise<AtlasResponse<paths[Path][M], Init, ErrorCodeOf<Path, M>>>;

type GetOperation<Path> = Path extends keyof paths ? paths[Path]["get"] : never;
type QueryOf<Operation> = Operation extends { parameters: { query?: infer Query } }
  ? NonNullable<Query>
  : never;
type PageOf<Operation> = Operation extends {
  responses: { 200: { content: { "application/json": infer Page } } };
}
  ? Page
  : never;

/**
 * The paths whose GET is an Atlas list: `pageNum` and `itemsPerPage` among its query parameters,
 * `results` in its 200 body. Derived from the generated `paths`.
 */
export type PaginatedPath = {
  [P in PathsByMethod["get"]]: QueryOf<GetOperation<P>> extends { pageNum?: unknown; itemsPerPage?: unknown }
    ? PageOf<GetOperation<P>> extends { results?: readonly unknown[] }
      ? P
      : never
    : never;
}[PathsByMethod["get"]];

/** The type of one item of a paginated path's `results`. */
export type PageItem<Path extends PaginatedPath> =
  PageOf<GetOperation<Path>> extends { results?: readonly (infer Item)[] } ? Item : never;

/** paginate's options: the GET's own (`pageNum` is where to start; `itemsPerPage` defaults to 500) plus `maxItems`. */
export type PaginateInit<Path extends PaginatedPath> = MaybeOptionalInit<paths[Path], "get"> &
  NotPerCall & {
    /** Stop after this many items. Default: all of them. */
    maxItems?: number;
  };

/** openapi-fetch's client for the spec's operations, as `createClient<paths>()` returns it, plus `paginate`. */
export interface AtlasAdminClient extends Pick<Client<paths>, "use" | "eject"> {
  request: RequestMethod;
  GET: Method<"get", PathsByMethod["get"]>;
  PUT: Method<"put", PathsByMethod["put"]>;
  POST: Method<"post", PathsByMethod["post"]>;
  DELETE: Method<"delete", PathsByMethod["delete"]>;
  OPTIONS: Method<"options", PathsByMethod["options"]>;
  HEAD: Method<"head", PathsByMethod["head"]>;
  PATCH: Method<"patch", PathsByMethod["patch"]>;
  TRACE: Method<"trace", PathsByMethod["trace"]>;
  /**
   * Every item of a paginated list, page after page (one GET per page, each with its own deadline
   * and 429 retry): `for await (const key of atlas.paginate("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } }))`.
   * Stops at `totalCount`, at a short or empty page, or after `maxItems`.
   * @throws AtlasPageError for a page answered with an HTTP error; AtlasResponseError for a page
   *   repeating an earlier one; whatever a call throws.
   */
  paginate<Path extends PaginatedPath>(
    path: Path,
    ...init: RequiredKeysOf<PaginateInit<Path>> extends never ? [PaginateInit<Path>?] : [PaginateInit<Path>]
  ): AsyncGenerator<PageItem<Path>, void, undefined>;
}

/** The literal members of a union, without its `string & {}` member. */
export type LiteralOf<T> = T extends unknown ? (string extends T ? never : T) : never;
