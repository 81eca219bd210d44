// Atlas's rate limits as the spec states them: each endpoint group (a tag) may carry
// `x-atlas-rate-limit: { scope, capacity, refill, periodSeconds }`, a token bucket per scope key
// (MongoDB's rate-limit page; docs/decisions/rate-limits-as-spec-data.md). An operation takes its
// first tag's limit.
import { isObject, type OpenApiDocument } from "./document.js";

export const RATE_LIMIT_EXTENSION = "x-atlas-rate-limit";

/** One endpoint group's token bucket, as the spec states it. */
export interface SpecRateLimit {
  /** The bucket's key: `ORGANIZATION` (the `orgId` path parameter), `GROUP` (`groupId`), or another. */
  scope: string;
  /** Requests a full bucket holds. */
  capacity: number;
  /** Requests added back every `periodSeconds`. */
  refill: number;
  /** The refill period, in seconds. */
  periodSeconds: number;
}

/**
 * The limit of every tag of `spec` that carries `x-atlas-rate-limit`, by tag name, in the order
 * of `tags`.
 * @throws Error when a limit is not an object with a string `scope` and positive numbers
 *   `capacity`, `refill` and `periodSeconds`, naming the tag.
 */
export function rateLimitGroups(spec: OpenApiDocument): Map<string, SpecRateLimit> {
  const groups = new Map<string, SpecRateLimit>();
  for (const tag of Array.isArray(spec.tags) ? spec.tags : []) {
    if (!isObject(tag) || tag[RATE_LIMIT_EXTENSION] === undefined) continue;
    const limit = tag[RATE_LIMIT_EXTENSION];
    const valid =
      isObject(limit) &&
      typeof limit.scope === "string" &&
      ["capacity", "refill", "periodSeconds"].every(
        (key) => typeof limit[key] === "number" && (limit[key] as number) > 0,
      );
    if (!valid) {
      throw new Error(
        `The ${RATE_LIMIT_EXTENSION} of tag ${String(tag.name)} needs a scope string and positive capacity, refill and periodSeconds.`,
      );
    }
    const { scope, capacity, refill, periodSeconds } = limit as unknown as SpecRateLimit;
    groups.set(String(tag.name), { scope, capacity, refill, periodSeconds });
  }
  return groups;
}

/**
 * The rate limit of an operation: its first tag that carries `x-atlas-rate-limit` (the group),
 * or `undefined` when none of its tags does.
 * @throws Error as {@link rateLimitGroups}.
 */
export function rateLimitOf(
  spec: OpenApiDocument,
  operation: { tags: string[] },
): { group: string; limit: SpecRateLimit } | undefined {
  const groups = rateLimitGroups(spec);
  const group = operation.tags.find((tag) => groups.has(tag));
  return group === undefined ? undefined : { group, limit: groups.get(group) as SpecRateLimit };
}
