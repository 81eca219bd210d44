import { describe, expect, it } from "vitest";
import { clientFor } from "./clients.js";
import { API_KEYS, LINK_TOKENS, validator } from "./operations.js";
import { contractTarget } from "./target.js";

const target = contractTarget();
const atlas = clientFor();
const apiError = validator.schema("ApiError");

// Each body breaks exactly one rule of the spec; the typed client would refuse most of them at
// compile time, so they are sent as `never`.
const brokenApiKeyBodies: [string, unknown][] = [
  ["an empty body (neither desc nor roles)", {}],
  ["an empty desc", { desc: "" }],
  ["a 251-character desc", { desc: "x".repeat(251) }],
  ["empty roles", { roles: [] }],
  ["an unknown role", { roles: ["ORG_SUPERUSER"] }],
  ["desc of the wrong type", { desc: 42 }],
  ["roles of the wrong type", { roles: "ORG_MEMBER" }],
  ["an unknown attribute", { desc: "key", accessList: ["203.0.113.7"] }],
];
const brokenLinkTokenBodies: [string, unknown][] = [
  ["no accessListIps", {}],
  ["accessListIps of the wrong type", { accessListIps: "203.0.113.7" }],
  ["an entry of the wrong type", { accessListIps: [203] }],
  ["an unknown attribute", { accessListIps: [], linkToken: "x" }],
];

function expectBadRequest(result: { error?: unknown; response: Response }) {
  expect(result.response.status).toBe(400);
  expect(apiError(result.error), validator.errorsText(apiError)).toBe(true);
  expect((result.error as { error: number }).error).toBe(400);
}

describe(`each constraint of the spec broken once is rejected (${target.name})`, () => {
  it.each(brokenApiKeyBodies)("API key request with %s", async (_, body) => {
    expect(validator.requestBody(API_KEYS, "post")(body)).toBe(false);
    const result = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId: target.orgId } },
      body: body as never,
    });
    expectBadRequest(result);
  });

  it.each(brokenLinkTokenBodies)("link-token request with %s", async (_, body) => {
    expect(validator.requestBody(LINK_TOKENS, "post")(body)).toBe(false);
    const result = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId: target.orgId } },
      body: body as never,
    });
    expectBadRequest(result);
  });

  it.each(["5980CFC70B6D12029D82E3F6", "5980cfc70b6d12029d82e3f", "not-an-org-id-at-all-xyz"])(
    "orgId %j",
    async (orgId) => {
      const result = await atlas.POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId } },
        body: { desc: "key" },
      });
      expectBadRequest(result);
    },
  );

  it.runIf(target.servesPrismMocks)("names the violated field in the error body", async () => {
    const { error } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId: target.orgId } },
      body: { desc: "x".repeat(251) },
    });
    expect(error?.badRequestDetail?.fields?.map((f) => f.field)).toContain("body.desc");
  });
});
