import type { OpenApiDocument } from "./validator.js";

/** `[what, value]` pairs: `valid` with one rule of `schema` broken each, every one rejected by `validate`. */
export declare function brokenValues(
  spec: OpenApiDocument,
  schema: unknown,
  valid: unknown,
  validate: (value: unknown) => boolean,
): [string, unknown][];
