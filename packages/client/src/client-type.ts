/**
 * The exported client type: openapi-fetch's `Client<paths>` without the per-call options this
 * client cannot honour (`fetch` would skip Digest, `Request` and `pathSerializer` could rewrite the
 * path), so passing one is a compile error. Everything else is openapi-fetch's own type.
 */

import type { paths } from "@atlas-admin/types";
import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";

/** Per-call options that are refused: set them on createAtlasAdminClient, or not at all. */
export interface NotPerCall {
  fetch?: never;
  Request?: never;
  pathSerializer?: never;
}

type Response<Operation, Init> =
  Operation extends Record<string | number, unknown> ? FetchResponse<Operation, Init, MediaType> : never;

// As openapi-fetch's own InitParam: optional when nothing in it is required, extra keys allowed.
type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & { [key: string]: unknown })?]
    : [Init & { [key: string]: unknown }];

type Method<M extends HttpMethod> = <
  Path extends PathsWithMethod<paths, M>,
  Init extends MaybeOptionalInit<paths[Path], M> & NotPerCall,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<Response<paths[Path][M], Init>>;

type RequestMethod = <
  M extends HttpMethod,
  Path extends PathsWithMethod<paths, M>,
  Init extends MaybeOptionalInit<paths[Path], M> & NotPerCall,
>(
  method: M,
  url: Path,
  ...init: InitParam<Init>
) => Promise<Response<paths[Path][M], Init>>;

/** openapi-fetch's client for the spec's operations, as `createClient<paths>()` returns it. */
export interface AtlasAdminClient extends Pick<Client<paths>, "use" | "eject"> {
  request: RequestMethod;
  GET: Method<"get">;
  PUT: Method<"put">;
  POST: Method<"post">;
  DELETE: Method<"delete">;
  OPTIONS: Method<"options">;
  HEAD: Method<"head">;
  PATCH: Method<"patch">;
  TRACE: Method<"trace">;
}
