/**
 * Service accounts on the mock, through its HTTP interface with curl (not this project's client):
 * POST /api/oauth/token and /api/oauth/revoke as Atlas answers them, Bearer tokens accepted beside
 * Digest, Atlas's limits, and the API under /api/atlas/v1.0 as well as at the root.
 */
import { createSpecValidator, loadSpec } from "@atlas-admin/spec-kit";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type RunningMock, startMock } from "../src/index.js";
import { curl } from "./helpers/curl.js";
import { oauthBundlePath } from "./helpers/spec.js";

const ORG = "5980cfc70b6d12029d82e3f6";
const ACCOUNT = `${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`;
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const JSON_TYPE = { "Content-Type": "application/json" };

/** The token service's own description (spec/src/oauth/openapi.yaml): every answer must fit it. */
const oauthSpec = createSpecValidator(loadSpec(oauthBundlePath));
function expectSchema(name: string, body: unknown) {
  const validate = oauthSpec.schema(name);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function start(options: Parameters<typeof startMock>[0] = {}) {
  mock = await startMock({ port: 0, ...options });
  return mock.url;
}

const requestToken = (url: string, user = ACCOUNT, data = "grant_type=client_credentials") =>
  curl(`${url}/api/oauth/token`, {
    auth: "basic",
    user,
    headers: { ...FORM, Accept: "application/json" },
    data,
  });

async function token(url: string): Promise<string> {
  const response = await requestToken(url);
  expect(response.status).toBe(200);
  return response.json().access_token as string;
}

const createKey = (url: string, bearer: string, prefix = "") =>
  curl(`${url}${prefix}/orgs/${ORG}/apiKeys`, {
    auth: "none",
    method: "POST",
    headers: { ...JSON_TYPE, Authorization: `Bearer ${bearer}` },
    data: JSON.stringify({ desc: "ci", roles: ["ORG_MEMBER"] }),
  });

describe("the mock's token endpoint", () => {
  it("issues an opaque token with its lifetime for the account's Basic credentials", async () => {
    const url = await start({ tokenLifetimeSeconds: 120 });
    const response = await requestToken(url);
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body).toEqual({ access_token: expect.any(String), expires_in: 120, token_type: "Bearer" });
    expectSchema("TokenResponse", body);
    // Random, unguessable, and different each time: validity is the mock's record, not the text.
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await requestToken(url)).json().access_token).not.toBe(body.access_token);
    expect((await createKey(url, body.access_token as string)).status).toBe(200);
  });

  it.each([
    ["a wrong secret", `${DEFAULT_CLIENT_ID}:wrong`, "grant_type=client_credentials", 401, "invalid_client"],
    ["an unknown client", "mdb_sa_id_other:secret", "grant_type=client_credentials", 401, "invalid_client"],
    ["another grant", ACCOUNT, "grant_type=password", 400, "unsupported_grant_type"],
  ])("refuses %s with the OAuth error body", async (_, user, data, status, error) => {
    const url = await start();
    const response = await requestToken(url, user, data);
    expect(response.status).toBe(status);
    expect(response.json()).toEqual({ error, error_description: expect.any(String) });
    expectSchema("OAuthError", response.json());
  });

  it("does not URL-decode the Basic credentials, as Atlas does not", async () => {
    const url = await start({ clientId: "mdb_sa_id_a%5Fb", clientSecret: "s" });
    expect((await requestToken(url, "mdb_sa_id_a%5Fb:s")).status).toBe(200);
    expect((await requestToken(url, "mdb_sa_id_a_b:s")).status).toBe(401);
  });

  it("answers the 11th request of a minute with 429 in Atlas's ApiError shape and Retry-After", async () => {
    const url = await start({ tokenRateLimit: 3 });
    for (let i = 0; i < 3; i++) expect((await requestToken(url)).status).toBe(200);
    const limited = await requestToken(url);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.json()).toEqual({
      detail: "Resource /api/oauth/token is limited to 3 requests every 1 minutes.",
      error: 429,
      errorCode: "RATE_LIMITED",
      parameters: ["/api/oauth/token", 3, 1],
      reason: "Too Many Requests",
    });
    expectSchema("RateLimitError", limited.json());
  });

  it("refuses a token beyond the active-token limit with 403 access_denied until one is revoked", async () => {
    const url = await start({ maxActiveTokens: 2 });
    const first = await token(url);
    await token(url);
    const refused = await requestToken(url);
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: "access_denied" });
    expectSchema("OAuthError", refused.json());
    const revoked = await curl(`${url}/api/oauth/revoke`, {
      auth: "basic",
      user: ACCOUNT,
      headers: FORM,
      data: `token=${first}&token_type_hint=access_token`,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.text).toBe("");
    expect((await requestToken(url)).status).toBe(200);
  });

  it("takes only POST", async () => {
    const url = await start();
    const response = await curl(`${url}/api/oauth/token`, { auth: "none", method: "GET" });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("POST");
  });
});

describe("Bearer tokens on the API", () => {
  it("a token from the endpoint creates an API key, under /api/atlas/v1.0 and at the root", async () => {
    const url = await start();
    const bearer = await token(url);
    for (const prefix of ["", "/api/atlas/v1.0"]) {
      const response = await createKey(url, bearer, prefix);
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({ desc: "ci", roles: [{ orgId: ORG, roleName: "ORG_MEMBER" }] });
    }
  });

  it("Digest works under /api/atlas/v1.0 too (the digest uri is the full path)", async () => {
    const url = await start();
    const response = await curl(`${url}/api/atlas/v1.0/orgs/${ORG}/apiKeys`, {
      method: "POST",
      headers: JSON_TYPE,
      data: JSON.stringify({ roles: ["ORG_MEMBER"] }),
    });
    expect(response.status).toBe(200);
  });

  it("an expired token gets 401 with an ApiError body", { timeout: 10_000 }, async () => {
    const url = await start({ tokenLifetimeSeconds: 1 });
    const bearer = await token(url);
    expect((await createKey(url, bearer)).status).toBe(200);
    // `exp` is in whole seconds, rounded up: a 1 s token is gone within 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const response = await createKey(url, bearer);
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({
      error: 401,
      errorCode: "UNAUTHORIZED",
      detail: expect.stringMatching(/expired|exp/),
    });
  });

  it.each([
    [
      "revoked",
      async (url: string, bearer: string) => {
        await curl(`${url}/api/oauth/revoke`, {
          auth: "basic",
          user: ACCOUNT,
          headers: FORM,
          data: `token=${bearer}`,
        });
        return bearer;
      },
    ],
    ["forged (end changed)", async (_: string, bearer: string) => `${bearer.slice(0, -4)}AAAA`],
    [
      "made-up (the right shape, never issued)",
      async (_: string, bearer: string) => Buffer.alloc(32, 7).toString("base64url").slice(0, bearer.length),
    ],
    ["malformed", async () => "not a token"],
  ])("a %s token gets 401 with an ApiError body", async (_, spoil) => {
    const url = await start();
    const bearer = await spoil(url, await token(url));
    const response = await createKey(url, bearer);
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ error: 401, errorCode: "UNAUTHORIZED" });
    expect(response.headers["www-authenticate"]).toMatch(/^Digest /);
  });

  it("a token from another mock process is refused (per-process signing key)", async () => {
    const other = await startMock({ port: 0 });
    try {
      const foreign = await token(other.url);
      const url = await start();
      expect((await createKey(url, foreign)).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
