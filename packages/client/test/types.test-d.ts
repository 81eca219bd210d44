/** Compile-time contract of the client, checked by `vitest --typecheck`. */
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  type ApiKey,
  type AtlasAdminClient,
  type AtlasApiError,
  type AtlasServiceAccountClient,
  type CreateApiKeyRequest,
  type CreateLinkTokenRequest,
  createAtlasAdminClient,
  createDigestFetch,
  type ErrorCodeOf,
  isAtlasError,
  isOrganizationRoleName,
  type LinkToken,
  type OrganizationRole,
  type PageItem,
  type PaginatedPath,
} from "../src/index.js";

declare const atlas: AtlasAdminClient;
const orgId = "5980cfc70b6d12029d82e3f6";

describe("types", () => {
  it("a key's organization roles copy into a new key without a cast, through the generated guard", async () => {
    const { data: key } = await atlas.GET("/orgs/{orgId}/apiKeys/{apiUserId}", {
      params: { path: { orgId, apiUserId: "5c47ba5127d9d61b9fd8a27b" } },
    });
    expectTypeOf(key?.roles?.[0]?.roleName).toEqualTypeOf<string | undefined>();
    const roles = (key?.roles ?? []).map((role) => role.roleName).filter(isOrganizationRoleName);
    expectTypeOf(roles).toEqualTypeOf<OrganizationRole[]>();
    await atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "copy", roles } });
  });

  it("createAtlasAdminClient returns the typed client", () => {
    expectTypeOf(
      createAtlasAdminClient({ publicKey: "p", privateKey: "k" }),
    ).toEqualTypeOf<AtlasAdminClient>();
    expectTypeOf(createDigestFetch({ publicKey: "p", privateKey: "k" })).toBeCallableWith("https://x", {
      method: "POST",
    });
  });

  it("API key body: desc, roles or both compile; {} and unknown roles do not", () => {
    atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "CI key" } });
    atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { roles: ["ORG_MEMBER"] } });
    atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "CI", roles: ["ORG_OWNER"] },
    });
    // @ts-expect-error an empty body is not a CreateApiKeyRequest
    atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: {} });
    // @ts-expect-error GROUP_OWNER is not an organization role
    atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { roles: ["GROUP_OWNER"] } });
    // @ts-expect-error the body is required
    atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
    // @ts-expect-error orgId is required
    atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: {} }, body: { desc: "x" } });
    // @ts-expect-error unknown paths do not compile
    atlas.POST("/orgs/{orgId}/users", { params: { path: { orgId } } });

    expectTypeOf<{ desc: string }>().toExtend<CreateApiKeyRequest>();
    expectTypeOf<{ roles: OrganizationRole[] }>().toExtend<CreateApiKeyRequest>();
    expectTypeOf<{ desc: string; roles: OrganizationRole[] }>().toExtend<CreateApiKeyRequest>();
    expectTypeOf<Record<string, never>>().not.toExtend<CreateApiKeyRequest>();
    expectTypeOf<OrganizationRole>().toEqualTypeOf<
      | "ORG_OWNER"
      | "ORG_MEMBER"
      | "ORG_GROUP_CREATOR"
      | "ORG_BILLING_ADMIN"
      | "ORG_READ_ONLY"
      | "ORG_BILLING_READ_ONLY"
      | "ORG_STREAM_PROCESSING_ADMIN"
    >();
  });

  it("link-token body needs accessListIps of strings", () => {
    atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      body: { accessListIps: ["203.0.113.7"] },
    });
    // @ts-expect-error accessListIps is required
    atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", { params: { path: { orgId } }, body: {} });
    atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      // @ts-expect-error entries are strings
      body: { accessListIps: [1] },
    });
    expectTypeOf<CreateLinkTokenRequest>().toEqualTypeOf<{ accessListIps: string[] }>();
  });

  it("data and error have the spec's types", async () => {
    const key = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "x" },
    });
    expectTypeOf(key.data).toEqualTypeOf<ApiKey | undefined>();
    expectTypeOf(key.error).toEqualTypeOf<
      AtlasApiError<ErrorCodeOf<"/orgs/{orgId}/apiKeys", "post">> | undefined
    >();
    expectTypeOf(key.response).toEqualTypeOf<Response>();
    if (key.error) {
      expectTypeOf(key.error.errorCode).toExtend<string>();
      expectTypeOf(key.error).toExtend<ApiError>();
      expectTypeOf(key.error.error).toEqualTypeOf<number>();
    } else {
      expectTypeOf(key.data.privateKey).toEqualTypeOf<string>();
      expectTypeOf(key.data.roles[0]).toEqualTypeOf<
        { orgId?: string; groupId?: string; roleName?: string } | undefined
      >();
    }

    const token = await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId } },
      body: { accessListIps: [] },
    });
    expectTypeOf(token.data).toEqualTypeOf<LinkToken | undefined>();
    expectTypeOf(token.error).toExtend<ApiError | undefined>();
    expectTypeOf<LinkToken>().toEqualTypeOf<{ linkToken: string }>();
  });

  it("per-call options the client cannot honour do not compile; the others do", () => {
    const init = { params: { path: { orgId } }, body: { desc: "x" } };
    atlas.POST("/orgs/{orgId}/apiKeys", {
      ...init,
      // @ts-expect-error a per-call fetch would skip Digest
      fetch: (request: Request) => globalThis.fetch(request),
    });
    atlas.POST("/orgs/{orgId}/apiKeys", {
      ...init,
      // @ts-expect-error a per-call pathSerializer could rewrite the path
      pathSerializer: (path: string) => path,
    });
    atlas.POST("/orgs/{orgId}/apiKeys", {
      ...init,
      // @ts-expect-error a per-call Request class could rewrite the URL
      Request,
    });
    atlas.POST("/orgs/{orgId}/apiKeys", {
      ...init,
      signal: AbortSignal.timeout(1000),
      headers: { "User-Agent": "x" },
      parseAs: "json",
      baseUrl: "http://127.0.0.1:4010",
      middleware: [{ onRequest: () => undefined }],
    });
    // @ts-expect-error the same refusal holds for request(method, url, init)
    atlas.request("post", "/orgs/{orgId}/apiKeys", { ...init, fetch: globalThis.fetch });
  });

  it("parseAs changes data's type as in openapi-fetch", async () => {
    const text = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "x" },
      parseAs: "text",
    });
    expectTypeOf(text.data).toEqualTypeOf<string | undefined>();
  });

  it("an API key or a service account compiles; a mix, or half a pair, does not", () => {
    const apiKey = createAtlasAdminClient({ publicKey: "p", privateKey: "k" });
    const serviceAccount = createAtlasAdminClient({ clientId: "mdb_sa_id_x", clientSecret: "s" });
    expectTypeOf(apiKey).toEqualTypeOf<AtlasAdminClient>();
    expectTypeOf(serviceAccount).toEqualTypeOf<AtlasServiceAccountClient>();
    expectTypeOf(serviceAccount.revokeToken).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(serviceAccount).toExtend<AtlasAdminClient>();
    createAtlasAdminClient({ clientId: "id", clientSecret: "s", tokenUrl: "https://h/api/oauth/token" });
    // @ts-expect-error both pairs at once
    createAtlasAdminClient({ publicKey: "p", privateKey: "k", clientId: "id", clientSecret: "s" });
    // @ts-expect-error half a service account
    createAtlasAdminClient({ clientId: "id" });
    // @ts-expect-error no credentials
    createAtlasAdminClient({ baseUrl: "http://127.0.0.1:4010" });
    // @ts-expect-error a token URL belongs to a service account
    createAtlasAdminClient({ publicKey: "p", privateKey: "k", tokenUrl: "https://h/t" });
    // @ts-expect-error an API-key client has no token to revoke
    apiKey.revokeToken();
  });

  it("paginate yields the operation's item type and compiles only on a paginated list", async () => {
    for await (const key of atlas.paginate("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } })) {
      expectTypeOf(key).toEqualTypeOf<ApiKey>();
    }
    atlas.paginate("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId }, query: { itemsPerPage: 100 } },
      maxItems: 10,
    });
    expectTypeOf<PaginatedPath>().toEqualTypeOf<"/orgs/{orgId}/apiKeys">();
    expectTypeOf<PageItem<"/orgs/{orgId}/apiKeys">>().toEqualTypeOf<ApiKey>();
    // @ts-expect-error link-tokens are not a paginated list
    atlas.paginate("/orgs/{orgId}/liveMigrations/linkTokens", { params: { path: { orgId } } });
    // @ts-expect-error orgId is required
    atlas.paginate("/orgs/{orgId}/apiKeys", { params: { path: {} } });
    // @ts-expect-error maxItems is a number
    atlas.paginate("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, maxItems: "10" });
  });

  it("error.errorCode is typed per operation, open to codes the spec does not know", async () => {
    expectTypeOf<ErrorCodeOf<"/orgs/{orgId}/apiKeys", "post">>().toEqualTypeOf<
      | "INVALID_API_KEY_DESC"
      | "INVALID_ATTRIBUTE"
      | "INVALID_ROLE_FOR_ORG"
      | "IP_ADDRESS_NOT_ON_ACCESS_LIST"
      | "MISSING_API_KEY_ROLES"
      | "NOT_ORG_GROUP_CREATOR"
      | "ORG_NOT_FOUND"
      | "RATE_LIMITED"
      | "SERVICE_UNAVAILABLE"
      | "UNAUTHORIZED"
      | "UNEXPECTED_ERROR"
    >();
    const { error } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "x" },
    });
    if (error) {
      // documented codes autocomplete; any other string is still accepted
      const known: typeof error.errorCode = "INVALID_ATTRIBUTE";
      const unknown: typeof error.errorCode = "A_CODE_THE_SPEC_DOES_NOT_KNOW";
      expectTypeOf(known).toExtend<string>();
      expectTypeOf(unknown).toExtend<string>();
    }
  });

  it("isAtlasError accepts only the codes the operation documents", async () => {
    const created = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "x" },
    });
    if (isAtlasError(created.error, "INVALID_ATTRIBUTE")) {
      expectTypeOf(created.error.errorCode).toEqualTypeOf<"INVALID_ATTRIBUTE">();
    }
    // @ts-expect-error a misspelt code does not compile
    isAtlasError(created.error, "INVALID_ATRIBUTE");
    const listed = await atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
    isAtlasError(listed.error, "VALIDATION_ERROR");
    // @ts-expect-error listing keys documents no INVALID_API_KEY_DESC
    isAtlasError(listed.error, "INVALID_API_KEY_DESC");
  });

  it("an unknown API key is API_KEY_NOT_FOUND on read, update and remove, never RESOURCE_NOT_FOUND", async () => {
    const path = { orgId, apiUserId: "5c47ba5127d9d61b9fd8a27b" };
    const read = await atlas.GET("/orgs/{orgId}/apiKeys/{apiUserId}", { params: { path } });
    if (isAtlasError(read.error, "API_KEY_NOT_FOUND")) {
      expectTypeOf(read.error.errorCode).toEqualTypeOf<"API_KEY_NOT_FOUND">();
    }
    const updated = await atlas.PATCH("/orgs/{orgId}/apiKeys/{apiUserId}", {
      params: { path },
      body: { desc: "x" },
    });
    isAtlasError(updated.error, "API_KEY_NOT_FOUND");
    const removed = await atlas.DELETE("/orgs/{orgId}/apiKeys/{apiUserId}", { params: { path } });
    isAtlasError(removed.error, "API_KEY_NOT_FOUND");
    expectTypeOf<"API_KEY_NOT_FOUND">().toExtend<ErrorCodeOf<"/orgs/{orgId}/apiKeys/{apiUserId}", "get">>();
    expectTypeOf<"API_KEY_NOT_FOUND">().toExtend<ErrorCodeOf<"/orgs/{orgId}/apiKeys/{apiUserId}", "patch">>();
    expectTypeOf<"API_KEY_NOT_FOUND">().toExtend<
      ErrorCodeOf<"/orgs/{orgId}/apiKeys/{apiUserId}", "delete">
    >();
    // @ts-expect-error the generic 404 code of MongoDB's OpenAPI description is not this answer
    isAtlasError(read.error, "RESOURCE_NOT_FOUND");
    // @ts-expect-error an unknown key is not a code of creating one
    expectTypeOf<"API_KEY_NOT_FOUND">().toExtend<ErrorCodeOf<"/orgs/{orgId}/apiKeys", "post">>();
  });

  it("SERVICE_UNAVAILABLE (503, which the mock's faults answer) is documented on every operation", async () => {
    const listed = await atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
    if (isAtlasError(listed.error, "SERVICE_UNAVAILABLE")) {
      expectTypeOf(listed.error.errorCode).toEqualTypeOf<"SERVICE_UNAVAILABLE">();
    }
    expectTypeOf<"SERVICE_UNAVAILABLE">().toExtend<ErrorCodeOf<"/orgs/{orgId}/apiKeys", "post">>();
    expectTypeOf<"SERVICE_UNAVAILABLE">().toExtend<ErrorCodeOf<"/orgs/{orgId}/apiKeys/{apiUserId}", "get">>();
    expectTypeOf<"SERVICE_UNAVAILABLE">().toExtend<
      ErrorCodeOf<"/orgs/{orgId}/apiKeys/{apiUserId}", "patch">
    >();
    expectTypeOf<"SERVICE_UNAVAILABLE">().toExtend<
      ErrorCodeOf<"/orgs/{orgId}/apiKeys/{apiUserId}", "delete">
    >();
    expectTypeOf<"SERVICE_UNAVAILABLE">().toExtend<
      ErrorCodeOf<"/orgs/{orgId}/liveMigrations/linkTokens", "post">
    >();
    expectTypeOf<"SERVICE_UNAVAILABLE">().toExtend<
      ErrorCodeOf<"/orgs/{orgId}/liveMigrations/linkTokens", "delete">
    >();
    // @ts-expect-error a code no operation documents does not compile
    isAtlasError(listed.error, "SERVICE_UNAVAILABLE_NOW");
  });
});
