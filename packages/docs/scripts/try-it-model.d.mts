// Types of scripts/try-it-model.mjs, for the panel (try-it/) and the tests.

/** A path or query parameter as the panel shows it. */
export interface TryItParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  /** The first line of its description. */
  description: string;
  /** The spec's example (`example`, the first named example, the schema's example). */
  example?: unknown;
  default?: unknown;
  /** The values it may take (a boolean's are `true` and `false`). */
  enum?: unknown[];
}

/** One operation of the spec. */
export interface TryItOperation {
  operationId: string;
  /** Upper case, such as `POST`. */
  method: string;
  /** The path template, such as `/orgs/{orgId}/apiKeys`. */
  path: string;
  summary: string;
  parameters: TryItParameter[];
  /** Its JSON request body: whether required, and its named examples in the spec's order. */
  body?: { required: boolean; examples: { name: string; value: unknown }[] };
  /** Every documented response: status, first sentence, named examples, header names. */
  responses: { status: string; description: string; examples: string[]; headers: string[] }[];
}

export interface TryItModel {
  /** The spec's first server URL, without a trailing slash (Atlas's v1.0 base URL). */
  server: string;
  /** The service accounts' token URL (OAuth 2.0 client credentials), if the spec has one. */
  tokenUrl?: string;
  /** Whether the spec declares HTTP Digest. */
  digest: boolean;
  operations: TryItOperation[];
}

/** The panel's model of a bundled OpenAPI document. */
export declare function tryItModel(spec: unknown): TryItModel;
