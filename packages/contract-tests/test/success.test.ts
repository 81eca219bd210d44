import type {
  ApiError,
  ApiKey,
  ApiKeyPage,
  AtlasApiError,
  CreateApiKeyRequestBody,
  DeleteLinkTokenResponse,
  ErrorCodeOf,
  LinkToken,
  ListApiKeysResponse,
} from "@atlas-admin/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import { clientFor } from "./helpers/clients.js";
import { recording } from "./helpers/coverage.js";
import {
  API_KEYS,
  callOperation,
  LINK_TOKENS,
  operationName,
  operations,
  successStatus,
  TEST_MARKER,
  validator,
} from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";

const target = contractTarget();
const atlas = clientFor();
const orgId = target.orgId;

describe(`success responses of every operation of the spec (${target.name})`, () => {
  it.each(operations.map((o) => [operationName(o), o] as const))(
    "%s: documented status, data that validates against the spec",
    (_, operation) =>
      recording(operation, operation.success, null, async () => {
        const { data, error, response } = await callOperation(atlas, operation, orgId);
        expect(error).toBeUndefined();
        expect(response.status).toBe(operation.success);
        expect(response.headers.get("sl-violations")).toBeNull();
        if (operation.response(operation.success)?.content === undefined) {
          expect(data).toBeUndefined();
          return;
        }
        const validate = validator.response(operation.path, operation.method, response.status);
        expect(validate(data), validator.errorsText(validate)).toBe(true);
      }),
  );
});

describe(`typed success responses (${target.name})`, () => {
  it("Create one organization API key: typed data", async () => {
    const body: CreateApiKeyRequestBody = { desc: `${TEST_MARKER} typed`, roles: ["ORG_MEMBER"] };
    const { data, error, response } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body,
    });
    expectTypeOf(data).toEqualTypeOf<ApiKey | undefined>();
    // error.errorCode is typed as the codes the spec documents for the operation, or any string
    expectTypeOf(error).toEqualTypeOf<
      AtlasApiError<ErrorCodeOf<"/orgs/{orgId}/apiKeys", "post">> | undefined
    >();
    expectTypeOf(error).toExtend<ApiError | undefined>();
    expect(response.status).toBe(successStatus(API_KEYS));
    expect(data?.privateKey).toEqual(expect.any(String));
  });

  it("Create one link-token: typed data", async () => {
    const { data, response } = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      body: { accessListIps: ["203.0.113.7", "192.0.2.0/24"] },
    });
    expectTypeOf(data).toEqualTypeOf<LinkToken | undefined>();
    expect(response.status).toBe(successStatus(LINK_TOKENS));
    expectTypeOf(data?.linkToken).toEqualTypeOf<string | undefined>();
    expect(typeof data?.linkToken).toBe("string");
  });

  it("Remove one link-token: 204 without a body", async () => {
    const { data, error, response } = await atlas.DELETE("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
    });
    expectTypeOf<DeleteLinkTokenResponse>().toEqualTypeOf<undefined>();
    expect(error).toBeUndefined();
    expect(data).toBeUndefined();
    expect(response.status).toBe(successStatus(LINK_TOKENS, "delete"));
  });

  it("Return all organization API keys: a key created appears in the list, paginated", async () => {
    const { data: created } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: `${TEST_MARKER} listed`, roles: ["ORG_READ_ONLY"] },
    });
    const { data, response } = await atlas.GET("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId }, query: { itemsPerPage: 500 } },
    });
    expectTypeOf(data).toEqualTypeOf<ApiKeyPage | undefined>();
    expectTypeOf<ListApiKeysResponse>().toEqualTypeOf<ApiKeyPage>();
    expect(response.status).toBe(successStatus(API_KEYS, "get"));
    const listed = data?.results.find((key) => key.id === created?.id);
    if (target.servesPrismMocks) {
      expect(listed).toMatchObject({
        id: created?.id,
        desc: `${TEST_MARKER} listed`,
        publicKey: created?.publicKey,
      });
      expect(listed?.privateKey).toBe(`********-****-****-${created?.privateKey.slice(-12)}`);
      expect(data?.totalCount).toBe(data?.results.length);
      const { data: one } = await atlas.GET("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId }, query: { itemsPerPage: 1, pageNum: 1, includeCount: false } },
      });
      expect(one?.results).toHaveLength(1);
      expect(one?.totalCount).toBeUndefined();
      const { data: example } = await atlas.GET("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId } },
        headers: { Prefer: "example=emptyApiKeyPage" },
      });
      expect(example).toEqual({ ...example, results: [], totalCount: 0 });
    }
  });

  it("pretty=true changes nothing but whitespace", async () => {
    const { data, response } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId }, query: { pretty: true } },
      body: { desc: `${TEST_MARKER} pretty`, roles: ["ORG_READ_ONLY"] },
    });
    expect(response.status).toBe(successStatus(API_KEYS));
    expect(validator.response(API_KEYS, "post", 200)(data)).toBe(true);
    expect(response.headers.get("sl-violations")).toBeNull();
  });
});
