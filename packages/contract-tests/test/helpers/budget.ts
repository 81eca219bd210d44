/**
 * The run's rate-limit budget: the token buckets the spec declares (`x-atlas-rate-limit` on each
 * endpoint group), kept once for the whole run by ./budget-keeper.ts in the global setup, and
 * taken from by every request any test file sends to the target (./clients.ts), so the suite never
 * sends more than the target's documented capacity, whatever the number of workers.
 *
 * The worker asks the keeper over loopback HTTP (`ATLAS_CONTRACT_BUDGET_URL`, set by the global
 * setup for the workers it starts) and sleeps the wait it is given.
 */

import type { AtlasAdminClient } from "@atlas-admin/client";
import { type SpecOperation, scopeParameter } from "@atlas-admin/spec-kit";
import { inject } from "vitest";

/** A reservation: how long to wait before sending, and what the bucket holds after it. */
export interface Grant {
  waitMs: number;
  left: number;
  /** The keeper asks one waiting worker at a time to say so (at most one line every few seconds). */
  announce: boolean;
}

/** A bucket's key: its group and the value of its scope's path parameter (`orgId`). */
export interface BucketKey {
  group: string;
  scope: string;
}

/** The bucket an operation's call takes from, by its path parameters; undefined without a limit. */
export function bucketOf(operation: SpecOperation, path: Record<string, string>): BucketKey | undefined {
  const limit = operation.rateLimit;
  if (limit === undefined) return undefined;
  const parameter = scopeParameter(limit.scope);
  return { group: limit.group, scope: parameter === undefined ? "" : (path[parameter] ?? "") };
}

const keeper = (): string | undefined => {
  if (process.env.ATLAS_CONTRACT_BUDGET_URL) return process.env.ATLAS_CONTRACT_BUDGET_URL;
  try {
    return inject("budgetUrl");
  } catch {
    return undefined;
  }
};

async function ask<T>(action: string, body: unknown): Promise<T> {
  const url = keeper();
  if (url === undefined)
    throw new Error("ATLAS_CONTRACT_BUDGET_URL is not set: the suite's global setup did not run");
  const response = await fetch(new URL(action, url), { method: "POST", body: JSON.stringify(body) });
  if (!response.ok)
    throw new Error(`the rate budget keeper answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Takes one call from the bucket and waits until the bucket can give it, saying so on one line
 * (group, wait, calls left) when the wait is long enough to notice.
 */
export async function takeBudget(key: BucketKey): Promise<void> {
  const grant = await ask<Grant>("take", key);
  if (grant.waitMs <= 0) return;
  if (grant.announce)
    console.log(
      `[budget] ${key.group}${key.scope ? ` (${key.scope})` : ""}: waiting ${(grant.waitMs / 1000).toFixed(1)} s for the refill; ${Math.max(0, Math.floor(grant.left))} calls left`,
    );
  await new Promise((resolve) => setTimeout(resolve, grant.waitMs));
}

/**
 * A 429 the suite did not ask for: the keeper empties the bucket until `Retry-After` and counts a
 * finding when its own count said the call was allowed.
 */
export function rateLimited(key: BucketKey, retryAfterSeconds: number): Promise<unknown> {
  return ask("limited", { ...key, retryAfterMs: Math.max(0, retryAfterSeconds) * 1000 });
}

/**
 * The openapi-fetch middleware that takes every request's call from the budget before it is
 * sent (outside the client's deadline): `operationAt` finds the request's operation by the path
 * template and method openapi-fetch names.
 */
export function budgetMiddleware(
  operationAt: (schemaPath: string, method: string) => SpecOperation | undefined,
): Parameters<AtlasAdminClient["use"]>[0] {
  return {
    async onRequest({ schemaPath, params, request }) {
      const operation = operationAt(schemaPath, request.method);
      const bucket = operation && bucketOf(operation, params.path as Record<string, string>);
      if (bucket) await takeBudget(bucket);
      return undefined;
    },
  };
}

/** What the target said its bucket holds (`RateLimit-Remaining`). */
export function observed(key: BucketKey, remaining: number): Promise<unknown> {
  return ask("observed", { ...key, remaining });
}

/** How many calls the bucket of `key` holds when full, at the run's scale. */
export function capacityOf(operation: SpecOperation): number {
  const limit = operation.rateLimit;
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.floor(limit.capacity * budgetScale()));
}

/**
 * `ATLAS_CONTRACT_RATE_SCALE`: multiplies every capacity and refill of the spec (0.5 for a target
 * with half Atlas's limits, 10 for a laxer one). Default 1: Atlas's own limits.
 * @throws RangeError when it is not a positive number.
 */
export function budgetScale(): number {
  const text = process.env.ATLAS_CONTRACT_RATE_SCALE;
  if (text === undefined || text === "") return 1;
  const scale = Number(text);
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`ATLAS_CONTRACT_RATE_SCALE must be a positive number, not ${JSON.stringify(text)}`);
  return scale;
}
