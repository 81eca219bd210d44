/**
 * What the run's final check finds on a target: every key with the suite's marker and every key
 * the run registered, never a key of the organization's own; and the budget the check spends.
 */

import { createRequire } from "node:module";
import { createAtlasAdminClient } from "@atlas-admin/client";
import { type RunningMock, startMock } from "@atlas-admin/mock";
import { loadSpec, specOperations } from "@atlas-admin/spec-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBudget, startBudgetKeeper } from "../helpers/budget-keeper.js";
import { leftovers, removeLeftovers, TEST_MARKER } from "../helpers/inventory.js";
import type { ContractTarget } from "../helpers/target.js";

const operations = specOperations(
  loadSpec(createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json")),
);
const credentials = { publicKey: "invpub", privateKey: "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9" };
const orgId = "6b7c8d9e0f1a2b3c4d5e6f70";
let mock: RunningMock;
let keeper: Awaited<ReturnType<typeof startBudgetKeeper>>;
let target: ContractTarget;
const budget = createBudget(
  operations.flatMap((o) => (o.rateLimit ? [o.rateLimit] : [])),
  1,
);

beforeAll(async () => {
  mock = await startMock({ port: 0, ...credentials });
  keeper = await startBudgetKeeper(budget);
  process.env.ATLAS_CONTRACT_BUDGET_URL = keeper.url;
  target = {
    name: "inventory mock",
    baseUrl: `${mock.url}/api/atlas/v1.0`,
    orgId,
    clientId: undefined,
    clientSecret: undefined,
    servesPrismMocks: true,
    ...credentials,
  };
});
afterAll(async () => {
  await keeper?.close();
  await mock?.close();
  delete process.env.ATLAS_CONTRACT_BUDGET_URL;
});

describe("the final check of what a run left", () => {
  it("finds marked and registered keys by name, leaves the organization's own, and removes them", async () => {
    const atlas = createAtlasAdminClient({ baseUrl: target.baseUrl, ...credentials });
    const create = async (desc: string) =>
      (
        await atlas.POST("/orgs/{orgId}/apiKeys", {
          params: { path: { orgId } },
          body: { desc, roles: ["ORG_MEMBER"] },
        })
      ).data?.id as string;
    const marked = await create(`${TEST_MARKER} leaked`);
    const registered = await create("CI key");
    const own = await create("the organization's own");
    const remove = operations.find((o) => o.method === "delete" && o.path.endsWith("{apiUserId}"));

    const found = await leftovers(target, operations, [
      { operationId: remove?.operationId as string, path: { orgId, apiUserId: registered } },
    ]);
    expect(found.map((f) => f.path.apiUserId).sort()).toEqual([marked, registered].sort());
    expect(found.find((f) => f.path.apiUserId === marked)?.name).toContain(`${TEST_MARKER} leaked`);
    expect(await removeLeftovers(target, found)).toEqual({ found: 2, removed: 2 });

    const after = await leftovers(target, operations, []);
    expect(after).toEqual([]);
    const { data } = await atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
    expect(data?.results.map((key) => key.id)).toEqual([own]);
    // Every call of the check went through the budget: 2 listings and 2 removals.
    expect(budget.stats.calls).toBe(4);
  });
});
