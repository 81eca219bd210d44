/**
 * An API key's whole lifecycle through the typed client: create → read → update → list → remove →
 * read (404 with the spec's documented code), against the contract target.
 */
import { describe, expect, it } from "vitest";
import { clientFor } from "./helpers/clients.js";
import { TEST_MARKER, validator } from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";

const target = contractTarget();
const atlas = clientFor();
const orgId = target.orgId;
const notFound = validator.spec.components.examples?.ApiKeyNotFound?.value as
  | { errorCode: string }
  | undefined;

describe(`an API key's lifecycle through the client (${target.name})`, () => {
  it("create, read, update, list, remove, then 404", async () => {
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

    const gone = await atlas.GET("/orgs/{orgId}/apiKeys/{apiUserId}", { params: { path } });
    expect(gone.response.status).toBe(404);
    expect(gone.error?.errorCode).toBe(notFound?.errorCode);
  });
});
