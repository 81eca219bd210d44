/**
 * An API key's whole lifecycle on the mock, through curl --digest: create → read → update → list
 * → remove → read (404 with the documented code) → gone from the list. The state is declared in
 * the spec (the create response's OpenAPI `links`), not written per operation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";
import { curl } from "./helpers/curl.js";
import { responseExample } from "./helpers/spec-examples.js";

const ORG = "5980cfc70b6d12029d82e3f6";
const KEYS = `/orgs/${ORG}/apiKeys`;
const JSON_TYPE = { "Content-Type": "application/json" };
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

const listed = async () =>
  ((await curl(`${mock.url}${KEYS}?itemsPerPage=500`)).json().results as { id: string; desc: string }[]).map(
    (key) => `${key.id} ${key.desc}`,
  );

describe("an API key's lifecycle", () => {
  it("create, read, update, list, remove, then 404 and gone from the list", async () => {
    const created = await curl(`${mock.url}${KEYS}`, {
      method: "POST",
      headers: JSON_TYPE,
      data: JSON.stringify({ desc: "rotation", roles: ["ORG_MEMBER"] }),
    });
    expect(created.status).toBe(200);
    const key = created.json() as { id: string; privateKey: string };

    const read = await curl(`${mock.url}${KEYS}/${key.id}`);
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({ id: key.id, desc: "rotation" });
    expect(read.json().privateKey).toBe(`********-****-****-${key.privateKey.slice(-12)}`);

    const updated = await curl(`${mock.url}/api/atlas/v1.0${KEYS}/${key.id}`, {
      method: "PATCH",
      headers: JSON_TYPE,
      data: JSON.stringify({ desc: "rotated", roles: ["ORG_READ_ONLY"] }),
    });
    expect(updated.status).toBe(200);
    expect(updated.json()).toMatchObject({
      id: key.id,
      desc: "rotated",
      roles: [{ orgId: ORG, roleName: "ORG_READ_ONLY" }],
    });
    expect(await listed()).toContain(`${key.id} rotated`);

    const removed = await curl(`${mock.url}${KEYS}/${key.id}`, { method: "DELETE" });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe("");

    const gone = await curl(`${mock.url}${KEYS}/${key.id}`);
    expect(gone.status).toBe(404);
    const documented = responseExample("/orgs/{orgId}/apiKeys/{apiUserId}", 404, "apiKeyNotFound", "get") as {
      errorCode: string;
    };
    expect(gone.json()).toMatchObject({ errorCode: documented.errorCode, parameters: [key.id] });
    expect((await listed()).some((line) => line.startsWith(key.id))).toBe(false);
    expect((await curl(`${mock.url}${KEYS}/${key.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("a key of one organization is not found under another", async () => {
    const created = await curl(`${mock.url}${KEYS}`, {
      method: "POST",
      headers: JSON_TYPE,
      data: JSON.stringify({ roles: ["ORG_MEMBER"] }),
    });
    const other = "6980cfc70b6d12029d82e3f6";
    expect((await curl(`${mock.url}/orgs/${other}/apiKeys/${created.json().id}`)).status).toBe(404);
  });

  it("a link-token is created and removed (204), again and again", async () => {
    const path = `${mock.url}/orgs/${ORG}/liveMigrations/linkTokens`;
    for (let i = 0; i < 2; i++) {
      const created = await curl(path, {
        method: "POST",
        headers: JSON_TYPE,
        data: JSON.stringify({ accessListIps: ["203.0.113.7"] }),
      });
      expect(created.status).toBe(201);
      expect((await curl(path, { method: "DELETE" })).status).toBe(204);
    }
  });
});
