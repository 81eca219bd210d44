import { describe, expect, it } from "vitest";
import { clientFor } from "./clients.js";
import { validator } from "./operations.js";
import { contractTarget } from "./target.js";

const target = contractTarget();
const apiError = validator.schema("ApiError");
const body = { desc: "Contract test key", roles: ["ORG_MEMBER"] as const };
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

  it.each<[string, { publicKey?: string; privateKey?: string }]>([
    ["a wrong private key", { privateKey: "ffffffff-ffff-4fff-8fff-ffffffffffff" }],
    ["an unknown public key", { publicKey: "nosuchky" }],
  ])("%s: the client returns the 401 as a typed error", async (_, keys) => {
    const { data, error, response } = await clientFor(target, keys).POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId: target.orgId } },
      body: { ...body, roles: [...body.roles] },
    });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error?.error).toBe(401);
  });
});
