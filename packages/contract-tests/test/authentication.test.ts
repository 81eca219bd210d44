import { AtlasTokenError } from "@atlas-admin/client";
import { describe, expect, it } from "vitest";
import { authScheme, type Credentials, clientFor } from "./helpers/clients.js";
import { TEST_MARKER, validator } from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";

const target = contractTarget();
const apiError = validator.schema("ApiError");
const body = { desc: `${TEST_MARKER} authentication`, roles: ["ORG_MEMBER"] as const };
const path = `/orgs/${target.orgId}/apiKeys`;

describe(`authentication (${target.name})`, () => {
  it("no credentials: 401 with a Digest challenge", async () => {
    const response = await fetch(target.baseUrl + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(
      /^Digest realm="MMS Public API", .*nonce="[^"]+".*qop="auth"/,
    );
    expect(apiError(await response.json())).toBe(true);
  });

  // Wrong credentials of this project's scheme: Digest answers 401, which the client returns as a
  // typed error; a refused token request is thrown as AtlasTokenError before any API call.
  const wrongCredentials: [string, Credentials][] =
    authScheme === "api-key"
      ? [
          ["a wrong private key", { privateKey: "ffffffff-ffff-4fff-8fff-ffffffffffff" }],
          ["an unknown public key", { publicKey: "nosuchky" }],
        ]
      : [
          ["a wrong client secret", { clientSecret: "mdb_sa_sk_wrong" }],
          ["an unknown client id", { clientId: "mdb_sa_id_nosuchaccount" }],
        ];

  it.each(wrongCredentials)(`%s (${authScheme}): refused, as a typed error`, async (_, credentials) => {
    const call = clientFor(target, credentials).POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId: target.orgId } },
      body: { ...body, roles: [...body.roles] },
    });
    if (authScheme === "service-account") {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AtlasTokenError);
      expect(error).toMatchObject({ status: 401, error: "invalid_client" });
      return;
    }
    const { data, error, response } = await call;
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error?.error).toBe(401);
  });

  it("a forged Bearer token: 401 with an ApiError", async () => {
    const response = await fetch(target.baseUrl + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer not.a.token" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(401);
    expect(apiError(await response.json())).toBe(true);
  });
});
