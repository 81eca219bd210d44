/**
 * The keeper of the run's rate budget (see ./budget.ts): one token bucket per endpoint group and
 * scope key, as the spec declares them, shared by every worker of the run over loopback HTTP.
 * A take reserves a call and answers how long to wait for it (buckets may go below zero: each
 * waiting call holds its place, so the waits are first come, first served and never poll).
 *
 * Bounds: at most MAX_BUCKETS buckets (one per group and organization the run touches), request
 * bodies of at most 4 KiB; the server listens on 127.0.0.1 only and is closed by the global
 * teardown.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SpecRateLimit } from "@atlas-admin/spec-kit";
import type { BucketKey, Grant } from "./budget.js";

const MAX_BUCKETS = 1_000;
const MAX_BODY_BYTES = 4096;
/** At most one "waiting" line per this many ms across the run. */
const ANNOUNCE_EVERY_MS = 5_000;

/** What the budget did during the run. */
export interface BudgetStats {
  /** Calls taken from a bucket. */
  calls: number;
  /** Sum of the waits handed out, in ms (workers wait in parallel, so more than the run's time is possible). */
  waitedMs: number;
  /** Longest single wait, in ms. */
  longestWaitMs: number;
  /** 429s the suite did not ask for. */
  rateLimited: number;
  /** Of those, the ones that came while the budget's own count said the call was allowed. */
  findings: { group: string; scope: string; left: number }[];
}

/** The buckets, with the clock given (ms); pure, so it is tested without a server. */
export function createBudget(limits: readonly SpecRateLimit[], scale: number, now: () => number = Date.now) {
  const byGroup = new Map(limits.map((limit) => [limit.group, limit]));
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastAnnounce = Number.NEGATIVE_INFINITY;
  const stats: BudgetStats = { calls: 0, waitedMs: 0, longestWaitMs: 0, rateLimited: 0, findings: [] };

  function bucket(key: BucketKey) {
    const limit = byGroup.get(key.group);
    if (limit === undefined) throw new Error(`no rate limit named ${JSON.stringify(key.group)} in the spec`);
    const capacity = Math.max(1, Math.floor(limit.capacity * scale));
    const perMs = (limit.refill * scale) / (limit.periodSeconds * 1000);
    const id = `${key.group}\n${key.scope}`;
    const at = now();
    const previous = buckets.get(id);
    const tokens =
      previous === undefined ? capacity : Math.min(capacity, previous.tokens + (at - previous.at) * perMs);
    if (previous === undefined && buckets.size >= MAX_BUCKETS)
      buckets.delete(buckets.keys().next().value as string);
    return {
      tokens,
      perMs,
      set: (value: number) => buckets.set(id, { tokens: value, at }),
    };
  }

  return {
    stats,
    take(key: BucketKey): Grant {
      const { tokens, perMs, set } = bucket(key);
      const left = tokens - 1;
      set(left);
      const waitMs = left >= 0 ? 0 : Math.ceil(-left / perMs);
      stats.calls++;
      stats.waitedMs += waitMs;
      stats.longestWaitMs = Math.max(stats.longestWaitMs, waitMs);
      const announce = waitMs > 0 && now() - lastAnnounce >= ANNOUNCE_EVERY_MS;
      if (announce) lastAnnounce = now();
      return { waitMs, left: Math.max(0, left), announce };
    },
    /**
     * The target said how many calls its bucket has left (`RateLimit-Remaining`, as the mock
     * sends it): the budget never counts more than that (an earlier run, or another client of the
     * organization, may have spent some).
     */
    observed(key: BucketKey, remaining: number): void {
      const { tokens, set } = bucket(key);
      if (remaining < tokens) set(remaining);
    },
    /** A 429 from the target: nothing more until `retryAfterMs` has passed. */
    limited(key: BucketKey, retryAfterMs: number): void {
      const { tokens, perMs, set } = bucket(key);
      stats.rateLimited++;
      // The call that got the 429 was counted when it was taken: a bucket still at or above zero
      // means the spec's budget allowed it.
      if (tokens >= 0 && stats.findings.length < 100)
        stats.findings.push({ group: key.group, scope: key.scope, left: Math.floor(tokens) });
      set(Math.min(tokens, -retryAfterMs * perMs));
    },
  };
}

export type Budget = ReturnType<typeof createBudget>;

/** Serves `budget` on 127.0.0.1; `url` is what workers get as ATLAS_CONTRACT_BUDGET_URL. */
export async function startBudgetKeeper(budget: Budget): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy();
      else chunks.push(chunk);
    });
    request.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as BucketKey & {
          retryAfterMs?: number;
          remaining?: number;
        };
        const key = { group: String(body.group), scope: String(body.scope ?? "") };
        let answer: unknown;
        if (request.url === "/take") answer = budget.take(key);
        else if (request.url === "/observed") answer = budget.observed(key, Number(body.remaining)) ?? {};
        else if (request.url === "/limited")
          answer = budget.limited(key, Number(body.retryAfterMs) || 0) ?? {};
        else throw new Error(`no such action: ${request.url}`);
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
      } catch (error) {
        response.writeHead(400, { "Content-Type": "text/plain" }).end(String(error));
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
