/** The run's rate budget: the spec's token buckets, reserved first come first served, kept in step with the target. */
import { createRequire } from "node:module";
import { loadSpec, specOperations } from "@atlas-admin/spec-kit";
import { describe, expect, it } from "vitest";
import { createBudget } from "../helpers/budget-keeper.js";

const operations = specOperations(
  loadSpec(createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json")),
);
const limited = operations.find((o) => o.rateLimit !== undefined);
if (limited?.rateLimit === undefined) throw new Error("the spec declares no x-atlas-rate-limit");
const limit = limited.rateLimit;
const key = { group: limit.group, scope: "5980cfc70b6d12029d82e3f6" };
const msPerCall = (limit.periodSeconds * 1000) / limit.refill;

function budgetAt(scale = 1) {
  let now = 0;
  const budget = createBudget([limit], scale, () => now);
  return { budget, advance: (ms: number) => (now += ms) };
}

describe("the rate budget from the spec's x-atlas-rate-limit", () => {
  it("gives the spec's capacity at once, then one call per refill interval, in order", () => {
    const { budget } = budgetAt();
    for (let i = 0; i < limit.capacity; i++) expect(budget.take(key).waitMs).toBe(0);
    const waits = [1, 2, 3].map(() => budget.take(key).waitMs);
    expect(waits).toEqual([1, 2, 3].map((n) => Math.ceil(n * msPerCall)));
    expect(budget.stats).toMatchObject({ calls: limit.capacity + 3, longestWaitMs: waits[2] });
  });

  it("refills with time, up to the capacity", () => {
    const { budget, advance } = budgetAt();
    for (let i = 0; i < limit.capacity; i++) budget.take(key);
    advance(10 * msPerCall);
    for (let i = 0; i < 10; i++) expect(budget.take(key).waitMs).toBe(0);
    expect(budget.take(key).waitMs).toBeGreaterThan(0);
  });

  it("keeps one bucket per scope key", () => {
    const { budget } = budgetAt();
    for (let i = 0; i < limit.capacity; i++) budget.take(key);
    expect(budget.take({ ...key, scope: "another organization" }).waitMs).toBe(0);
  });

  it("scales capacity and refill", () => {
    const { budget } = budgetAt(0.1);
    const capacity = Math.floor(limit.capacity * 0.1);
    for (let i = 0; i < capacity; i++) expect(budget.take(key).waitMs).toBe(0);
    expect(budget.take(key).waitMs).toBe(Math.ceil(msPerCall / 0.1));
  });

  it("waits out a 429's Retry-After, and counts it as a finding when the budget allowed the call", () => {
    const { budget } = budgetAt();
    budget.take(key);
    budget.limited(key, 30_000);
    expect(budget.take(key).waitMs).toBeGreaterThanOrEqual(30_000);
    expect(budget.stats).toMatchObject({ rateLimited: 1, findings: [{ group: limit.group }] });
  });

  it("a 429 after the budget ran out is no finding", () => {
    const { budget } = budgetAt();
    for (let i = 0; i < limit.capacity + 1; i++) budget.take(key);
    budget.limited(key, 1000);
    expect(budget.stats.rateLimited).toBe(1);
    expect(budget.stats.findings).toEqual([]);
  });

  it("never counts more than the target says it has left", () => {
    const { budget } = budgetAt();
    budget.observed(key, 2);
    expect(budget.take(key).waitMs).toBe(0);
    expect(budget.take(key).waitMs).toBe(0);
    expect(budget.take(key).waitMs).toBeGreaterThan(0);
  });

  it("says so at most once every few seconds when calls wait", () => {
    const { budget } = budgetAt();
    for (let i = 0; i < limit.capacity; i++) budget.take(key);
    const grants = Array.from({ length: 20 }, () => budget.take(key));
    expect(grants.filter((g) => g.announce)).toHaveLength(1);
  });
});
