import type { ApiError, ApiKey, LinkToken } from "@atlas-admin/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import { clientFor } from "./clients.js";
import { API_KEYS, LINK_TOKENS, successStatus, validator } from "./operations.js";
import { contractTarget } from "./target.js";

const target = contractTarget();
const atlas = clientFor();
const orgId = target.orgId;

describe(`success responses (${target.name})`, () => {
  it("Create one organization API key: documented status, typed data that validates against the spec", async () => {
    const { data, error, response } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "Contract test key", roles: ["ORG_MEMBER"] },
    });
    expectTypeOf(data).toEqualTypeOf<ApiKey | undefined>();
    expectTypeOf(error).toEqualTypeOf<ApiError | undefined>();
    expect(error).toBeUndefined();
    expect(response.status).toBe(successStatus(API_KEYS));
    const validate = validator.response(API_KEYS, "post", response.status);
    expect(validate(data), validator.errorsText(validate)).toBe(true);
    expect(data?.privateKey).toEqual(expect.any(String));
    expect(response.headers.get("sl-violations")).toBeNull();
  });

  it("Create one link-token: documented status, typed data that validates against the spec", async () => {
    const { data, error, response } = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      body: { accessListIps: ["203.0.113.7", "192.0.2.0/24"] },
    });
    expectTypeOf(data).toEqualTypeOf<LinkToken | undefined>();
    expect(error).toBeUndefined();
    expect(response.status).toBe(successStatus(LINK_TOKENS));
    const validate = validator.response(LINK_TOKENS, "post", response.status);
    expect(validate(data), validator.errorsText(validate)).toBe(true);
    expectTypeOf(data?.linkToken).toEqualTypeOf<string | undefined>();
    expect(typeof data?.linkToken).toBe("string");
    expect(response.headers.get("sl-violations")).toBeNull();
  });

  it("pretty=true changes nothing but whitespace", async () => {
    const { data, response } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId }, query: { pretty: true } },
      body: { roles: ["ORG_READ_ONLY"] },
    });
    expect(response.status).toBe(successStatus(API_KEYS));
    expect(validator.response(API_KEYS, "post", 200)(data)).toBe(true);
    expect(response.headers.get("sl-violations")).toBeNull();
  });
});
