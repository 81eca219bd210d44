/**
 * An API key's whole lifecycle through the typed client: create → read → update → list → remove →
 * then every operation the create response links to, on the removed key: each answers the example
 * the create response's `x-mock-not-found` names (status and code), against the contract target.
 */
import { describe, expect, it } from "vitest";
import { clientFor } from "./helpers/clients.js";
import {
  API_KEYS,
  callOperation,
  operationName,
  operations,
  TEST_MARKER,
  unknownIdAnswer,
} from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";

const target = contractTarget();
const atlas = clientFor();
const orgId = target.orgId;
const create = operations.find((o) => o.method === "post" && o.path === API_KEYS);
/** The operations linked to one created key by its id, each with its documented answer to an unknown id. */
const onOneKey = operations
  .filter((o) => o.linkedFrom?.source === create && Object.keys(o.linkedFrom?.fields ?? {}).length > 0)
  .map((operation) => ({ operation, answer: unknownIdAnswer(operation) }));

describe(`an API key's lifecycle through the client (${target.name})`, () => {
  it("create, read, update, list, remove, then the documented answer to an unknown key", async () => {
    const created = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: `${TEST_MARKER} lifecycle`, roles: ["ORG_MEMBER"] },
    });
    expect(created.response.status).toBe(200);
    const apiUserId = created.data?.id as string;
    const path = { orgId, apiUserId };

    const read = await atlas.GET("/orgs/{orgId}/apiKeys/{apiUserId}", { params: { path } });
    expect(read.data).toMatchObject({ id: apiUserId, desc: `${TEST_MARKER} lifecycle` });
    expect(read.data?.privateKey).not.toBe(created.data?.privateKey);

    const updated = await atlas.PATCH("/orgs/{orgId}/apiKeys/{apiUserId}", {
      params: { path },
      body: { desc: `${TEST_MARKER} lifecycle, renamed` },
    });
    expect(updated.data?.desc).toBe(`${TEST_MARKER} lifecycle, renamed`);

    const listed = await atlas.GET("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId }, query: { itemsPerPage: 500 } },
    });
    expect(listed.data?.results.find((key) => key.id === apiUserId)?.desc).toBe(
      `${TEST_MARKER} lifecycle, renamed`,
    );

    const removed = await atlas.DELETE("/orgs/{orgId}/apiKeys/{apiUserId}", { params: { path } });
    expect(removed.response.status).toBe(204);

    expect(onOneKey.map(({ operation }) => operation.method).sort()).toEqual(["delete", "get", "patch"]);
    for (const { operation, answer } of onOneKey) {
      expect(answer, operationName(operation)).toBeDefined();
      const gone = await callOperation(atlas, operation, orgId, { path: { orgId, apiUserId } });
      expect(gone.response.status, operationName(operation)).toBe(answer?.status);
      expect((gone.error as { errorCode?: string } | undefined)?.errorCode, operationName(operation)).toBe(
        answer?.errorCode,
      );
    }
  });
});
