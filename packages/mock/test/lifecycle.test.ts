/**
 * An API key's whole lifecycle on the mock, through curl --digest: create → read → update → list
 * → remove → read, update, remove again (the answer `x-mock-not-found` names) → gone from the list.
 * The state is declared in the spec (the create response's OpenAPI `links`), not written per
 * operation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";
import { curl } from "./helpers/curl.js";
import { API_KEYS_TEMPLATE, notFoundExample } from "./helpers/spec-examples.js";

const ORG = "5980cfc70b6d12029d82e3f6";
const KEYS = `/orgs/${ORG}/apiKeys`;
const JSON_TYPE = { "Content-Type": "application/json" };
const KEY_TEMPLATE = `${API_KEYS_TEMPLATE}/{apiUserId}`;
const CREATE = { path: API_KEYS_TEMPLATE, method: "post" };
/** What the spec says read, update and remove answer for a key the organization does not have. */
const unknownKey = (method: string) => notFoundExample(CREATE, { path: KEY_TEMPLATE, method });
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

    // Read, update and remove of the removed key: the documented answer, about this key.
    for (const [method, data] of [
      ["GET", undefined],
      ["PATCH", JSON.stringify({ desc: "again" })],
      ["DELETE", undefined],
    ] as const) {
      const documented = unknownKey(method.toLowerCase());
      const gone = await curl(`${mock.url}${KEYS}/${key.id}`, { method, headers: JSON_TYPE, data });
      expect(gone.status, method).toBe(documented.status);
      expect(gone.json(), method).toEqual({
        ...documented.value,
        detail: (documented.value.detail as string).replace(
          (documented.value.parameters as string[])[0] as string,
          key.id,
        ),
        parameters: [key.id],
      });
    }
    expect(unknownKey("get").value.errorCode).toBe("API_KEY_NOT_FOUND");
    expect((await listed()).some((line) => line.startsWith(key.id))).toBe(false);
  });

  it("a key never created gets the same answer", async () => {
    const never = "0123456789abcdef01234567";
    const documented = unknownKey("get");
    const answer = await curl(`${mock.url}${KEYS}/${never}`);
    expect(answer.status).toBe(documented.status);
    expect(answer.json()).toMatchObject({ errorCode: documented.value.errorCode, parameters: [never] });
  });

  it("a key of one organization is not found under another", async () => {
    const created = await curl(`${mock.url}${KEYS}`, {
      method: "POST",
      headers: JSON_TYPE,
      data: JSON.stringify({ roles: ["ORG_MEMBER"] }),
    });
    const other = "6980cfc70b6d12029d82e3f6";
    expect((await curl(`${mock.url}/orgs/${other}/apiKeys/${created.json().id}`)).status).toBe(
      unknownKey("get").status,
    );
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
