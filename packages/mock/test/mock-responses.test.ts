import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";
import {
  API_KEYS_PATH,
  authorization,
  LINK_TOKENS_PATH,
  PRIVATE_KEY,
  PUBLIC_KEY,
  readChallenge,
  signedFetch,
} from "./helpers/digest-client.js";
import { API_KEYS_TEMPLATE, LINK_TOKENS_TEMPLATE, responseExample, spec } from "./helpers/spec-examples.js";

let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ port: 0, host: "127.0.0.1", publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
});
afterAll(() => mock.close());

const send = (path: string, request: Parameters<typeof signedFetch>[2] = {}) =>
  signedFetch(mock.url, path, request);
const API_KEY_BODY = JSON.stringify({ desc: "New API key for test purposes", roles: ["ORG_MEMBER"] });
const LINK_TOKEN_BODY = JSON.stringify({ accessListIps: ["203.0.113.7", "192.0.2.0/24"] });

interface FieldViolation {
  field: string;
  description: string;
}

describe("valid requests", () => {
  it("creates a link-token: 201 and a fresh link-token", async () => {
    const response = await send(LINK_TOKENS_PATH, { body: LINK_TOKEN_BODY });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("sl-violations")).toBeNull();
    const { linkToken } = (await response.json()) as { linkToken: string };
    expect(linkToken).toEqual(expect.any(String));
    expect(linkToken).not.toBe(
      (responseExample(LINK_TOKENS_TEMPLATE, 201) as { linkToken: string }).linkToken,
    );
  });

  it("creates an API key: 200 and a key built from the request", async () => {
    const response = await send(API_KEYS_PATH, { body: API_KEY_BODY });
    expect(response.status).toBe(200);
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(await response.json()).toMatchObject({
      desc: "New API key for test purposes",
      roles: [{ orgId: "5980cfc70b6d12029d82e3f6", roleName: "ORG_MEMBER" }],
    });
  });

  it("indents the body with pretty=true", async () => {
    const response = await send(`${API_KEYS_PATH}?pretty=true`, { body: API_KEY_BODY });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
    expect(text).toContain('\n  "id": "');
  });
});

describe("invalid requests", () => {
  it("answers a body that breaks the schema with a 400 ApiError listing the violations", async () => {
    const response = await send(API_KEYS_PATH, {
      body: JSON.stringify({ desc: "", roles: ["GROUP_OWNER"] }),
    });
    expect(response.status).toBe(400);
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as { location: string[] }[];
    expect(violations.map((v) => v.location.join("."))).toContain("request.body.roles.0");
    const body = (await response.json()) as { badRequestDetail: { fields: FieldViolation[] } } & Record<
      string,
      unknown
    >;
    // The first broken rule (desc) gives the code; every broken rule of the closest branch is listed.
    expect(body).toMatchObject({ error: 400, errorCode: "INVALID_API_KEY_DESC", reason: "Bad Request" });
    const fields = body.badRequestDetail.fields.map((f) => f.field);
    expect(fields).toEqual(["body.desc", "body.roles.0"]);
  });

  it("answers an unknown attribute with Atlas's INVALID_ATTRIBUTE", async () => {
    const response = await send(LINK_TOKENS_PATH, {
      body: JSON.stringify({ accessListIps: [], accessList: [] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 400,
      errorCode: "INVALID_ATTRIBUTE",
      detail: "Invalid attribute accessList specified.",
      parameters: ["accessList"],
      badRequestDetail: { fields: [{ field: "body.accessList" }] },
    });
  });

  it("answers a missing required property with its field", async () => {
    const response = await send(LINK_TOKENS_PATH, { body: "{}" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { badRequestDetail: { fields: FieldViolation[] } };
    expect(body.badRequestDetail.fields.map((f) => f.field)).toEqual(["body.accessListIps"]);
  });

  it("answers a missing body with 400", async () => {
    const response = await send(API_KEYS_PATH, { contentType: null });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errorCode: "VALIDATION_ERROR",
      badRequestDetail: { fields: [{ field: "body" }] },
    });
  });

  it("answers a non-hexadecimal orgId with 400 naming path.orgId", async () => {
    const response = await send("/orgs/not-a-hex-org-id-000000/apiKeys", { body: API_KEY_BODY });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      errorCode: string;
      badRequestDetail: { fields: FieldViolation[] };
    };
    expect(body.errorCode).toBe("VALIDATION_ERROR");
    expect(body.badRequestDetail.fields.map((f) => f.field)).toContain("path.orgId");
  });

  it("answers malformed JSON with a quick 400 MALFORMED_REQUEST", async () => {
    const started = performance.now();
    const response = await send(API_KEYS_PATH, { body: '{"roles": [' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 400, errorCode: "MALFORMED_REQUEST" });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("answers a wrong Content-Type with 415", async () => {
    const response = await send(API_KEYS_PATH, { body: "roles=ORG_MEMBER", contentType: "text/plain" });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: 415, errorCode: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("answers a body without Content-Type with 415 naming the header to send", async () => {
    const response = await send(API_KEYS_PATH, {
      body: new Blob([API_KEY_BODY]),
      contentType: null,
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { detail: string };
    expect(body).toMatchObject({ error: 415, errorCode: "UNSUPPORTED_MEDIA_TYPE" });
    expect(body.detail).toContain("Content-Type: application/json");
  });

  it("lists each violation once, in the body and in sl-violations", async () => {
    const response = await send(API_KEYS_PATH, { body: "[1]" });
    expect(response.status).toBe(400);
    const header = JSON.parse(response.headers.get("sl-violations") ?? "[]") as unknown[];
    const entries = header.map((entry) => JSON.stringify(entry));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries).toEqual([...new Set(entries)]);
    const body = (await response.json()) as {
      detail: string;
      badRequestDetail: { fields: FieldViolation[] };
    };
    const fields = body.badRequestDetail.fields.map((f) => `${f.field}: ${f.description}`);
    expect(fields).toEqual([...new Set(fields)]);
    expect(body.detail.split("; ")).toEqual([...new Set(body.detail.split("; "))]);
  });

  it("answers an unknown path with 404", async () => {
    const response = await send("/orgs/5980cfc70b6d12029d82e3f6/clusters", { body: "{}" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 404, errorCode: "RESOURCE_NOT_FOUND" });
  });

  it("answers an undefined method with 405", async () => {
    // A method the path does not have, read from the spec rather than assumed.
    const methods = Object.keys(spec.paths[API_KEYS_TEMPLATE]).map((m) => m.toUpperCase());
    const method = ["PATCH", "PUT", "DELETE", "GET", "POST"].find((m) => !methods.includes(m)) as string;
    const response = await send(API_KEYS_PATH, { method, contentType: null });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ error: 405, errorCode: "METHOD_NOT_ALLOWED" });
  });

  it("answers a body over the limit with 413", async () => {
    const response = await send(API_KEYS_PATH, {
      body: JSON.stringify({ desc: "x".repeat(1024 * 1024 + 1) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 413, errorCode: "REQUEST_TOO_LARGE" });
  });
});

describe("Prefer header", () => {
  for (const [template, path, body] of [
    [API_KEYS_TEMPLATE, API_KEYS_PATH, API_KEY_BODY],
    [LINK_TOKENS_TEMPLATE, LINK_TOKENS_PATH, LINK_TOKEN_BODY],
  ] as const) {
    for (const status of [400, 401, 403, 404, 429, 500]) {
      it(`Prefer: code=${status} on ${template} gives that response with its example`, async () => {
        const response = await send(path, { body, headers: { Prefer: `code=${status}` } });
        expect(response.status).toBe(status);
        expect(await response.json()).toEqual(responseExample(template, status));
      });
    }
  }

  it("a mocked 401 carries a fresh, usable challenge", async () => {
    const response = await send(API_KEYS_PATH, { body: API_KEY_BODY, headers: { Prefer: "code=401" } });
    const { params } = readChallenge(response);
    expect(params.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(params.realm).toBe("MMS Public API");
    const signed = await fetch(mock.url + API_KEYS_PATH, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: authorization({ method: "POST", uri: API_KEYS_PATH, nonce: params.nonce as string }),
      },
      body: API_KEY_BODY,
    });
    expect(signed.status).toBe(200);
  });

  it("a mocked 429 carries the rate-limit headers", async () => {
    const response = await send(API_KEYS_PATH, { body: API_KEY_BODY, headers: { Prefer: "code=429" } });
    expect(response.headers.get("retry-after")).toBe("10");
  });

  it("example=name picks a named example", async () => {
    const response = await send(API_KEYS_PATH, {
      body: API_KEY_BODY,
      headers: { Prefer: "example=seedPageApiKey" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(responseExample(API_KEYS_TEMPLATE, 200, "seedPageApiKey"));
  });

  it("code=400, example=name picks a named error example", async () => {
    const response = await send(API_KEYS_PATH, {
      body: API_KEY_BODY,
      headers: { Prefer: "code=400, example=invalidRoleForOrg" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(responseExample(API_KEYS_TEMPLATE, 400, "invalidRoleForOrg"));
  });

  it("dynamic=true generates a body from the schema", async () => {
    const response = await send(API_KEYS_PATH, { body: API_KEY_BODY, headers: { Prefer: "dynamic=true" } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual(expect.objectContaining({ id: expect.any(String), publicKey: expect.any(String) }));
    expect(body).not.toEqual(responseExample(API_KEYS_TEMPLATE, 200));
  });

  it("an undefined status gives 422 naming the declared ones", async () => {
    const response = await send(API_KEYS_PATH, { body: API_KEY_BODY, headers: { Prefer: "code=418" } });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: 422,
      errorCode: "INVALID_PREFER_HEADER",
      detail: `POST /orgs/{orgId}/apiKeys declares no 418 response; it declares ${Object.keys(
        spec.paths[API_KEYS_TEMPLATE].post.responses,
      ).join(", ")}.`,
    });
  });

  it("an unreadable Prefer value gives 400", async () => {
    const response = await send(API_KEYS_PATH, { body: API_KEY_BODY, headers: { Prefer: "code=abc" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorCode: "INVALID_PREFER_HEADER" });
  });
});
