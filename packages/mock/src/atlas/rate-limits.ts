/**
 * Atlas's rate limits, read from the spec: each endpoint group (a tag) may carry
 * `x-atlas-rate-limit: { scope, capacity, refill, periodSeconds }` (MongoDB's rate-limit page: a
 * token bucket per scope key). An operation takes its first tag's limit; the scope key is the
 * request's `orgId` (ORGANIZATION) or `groupId` (GROUP) path parameter, else the one bucket of
 * the group. An empty bucket answers 429 `RATE_LIMITED` with `Retry-After` (seconds).
 */
import type { PrismOperation } from "../prism/types.js";
import { type ApiError, apiError } from "./api-error.js";

export const RATE_LIMIT_EXTENSION = "x-atlas-rate-limit";
/** Buckets kept at once; the least recently used is dropped first (it refills to full anyway). */
export const MAX_BUCKETS = 10_000;

export interface RateLimit {
  readonly scope: "ORGANIZATION" | "GROUP" | "USER" | string;
  /** Requests a full bucket holds. */
  readonly capacity: number;
  /** Requests added back every `periodSeconds`, continuously. */
  readonly refill: number;
  readonly periodSeconds: number;
}

export interface RateLimitOptions {
  /** Default true (as Atlas). */
  readonly enabled?: boolean;
  /** Multiplies capacity and refill (10 for load tests, 0.01 to see a 429 soon). Default 1. */
  readonly scale?: number;
  readonly now?: () => number;
}

export type RateLimitCheck =
  | { readonly ok: true; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly error: ApiError; readonly headers: Record<string, string> };

/** One token bucket's answer: taken, or empty with the seconds until one token is back. */
export type Take =
  | { readonly ok: true; readonly left: number }
  | { readonly ok: false; readonly retryAfter: number };

/**
 * Token buckets by key (the one store behind every rate limit of the mock): `take` takes one token
 * from the key's bucket, which holds `capacity` and gets `perMs` back every millisecond. At most
 * `MAX_BUCKETS` are kept; the least recently used is dropped first (it refills to full anyway).
 */
export function createBuckets(now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key: string, capacity: number, perMs: number): Take => {
    const at = now();
    const previous = buckets.get(key);
    const tokens =
      previous === undefined ? capacity : Math.min(capacity, previous.tokens + (at - previous.at) * perMs);
    buckets.delete(key);
    if (tokens < 1) {
      buckets.set(key, { tokens, at });
      return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    }
    buckets.set(key, { tokens: tokens - 1, at });
    while (buckets.size > MAX_BUCKETS) buckets.delete(buckets.keys().next().value as string);
    return { ok: true, left: Math.floor(tokens - 1) };
  };
}

export type Buckets = ReturnType<typeof createBuckets>;

/** Reads the groups' limits from the spec document; `check` takes one token of a request's bucket. */
export function createRateLimiter(
  document: Record<string, unknown>,
  options: RateLimitOptions = {},
  take: Buckets = createBuckets(options.now),
) {
  const enabled = options.enabled ?? true;
  const scale = options.scale ?? 1;
  if (!(scale > 0)) throw new RangeError(`Invalid rate-limit scale: ${scale}`);
  const limits = new Map<string, RateLimit>();
  for (const tag of (document.tags ?? []) as { name: string; [RATE_LIMIT_EXTENSION]?: RateLimit }[]) {
    const limit = tag[RATE_LIMIT_EXTENSION];
    if (limit !== undefined) limits.set(tag.name, limit);
  }

  return {
    /** The limit of an operation (its first tag's), if the spec gives one. */
    limitOf(operation: PrismOperation): { group: string; limit: RateLimit } | undefined {
      const group = (operation.tags ?? [])
        .map((t) => (typeof t === "string" ? t : t.name))
        .find((n) => limits.has(n));
      return group === undefined ? undefined : { group, limit: limits.get(group) as RateLimit };
    },

    check(operation: PrismOperation, parameters: Readonly<Record<string, string>>): RateLimitCheck {
      const found = enabled ? this.limitOf(operation) : undefined;
      if (found === undefined) return { ok: true, headers: {} };
      const { group, limit } = found;
      const capacity = Math.max(1, Math.floor(limit.capacity * scale));
      const perMs = (limit.refill * scale) / (limit.periodSeconds * 1000);
      const scopeValue =
        limit.scope === "ORGANIZATION"
          ? parameters.orgId
          : limit.scope === "GROUP"
            ? parameters.groupId
            : undefined;
      const taken = take(`${group}\n${scopeValue ?? ""}`, capacity, perMs);
      const headers = { "RateLimit-Limit": String(capacity) };
      if (!taken.ok) {
        return {
          ok: false,
          headers: { ...headers, "RateLimit-Remaining": "0", "Retry-After": String(taken.retryAfter) },
          error: apiError(
            429,
            "RATE_LIMITED",
            `Resource ${group} is limited to ${capacity} requests (${limit.refill * scale} more every ${limit.periodSeconds} s) per ${limit.scope.toLowerCase()}.`,
            { parameters: [group, capacity, limit.periodSeconds] },
          ),
        };
      }
      return { ok: true, headers: { ...headers, "RateLimit-Remaining": String(taken.left) } };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
