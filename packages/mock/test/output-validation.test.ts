/**
 * The mock sends only what it validated: the answer is checked against the spec after the state
 * stage, on the bytes about to be sent. On a copy of the spec whose API-key response schema allows
 * a `desc` of at most 3 characters (the request's still allows 250), the body the state stage
 * builds from a longer `desc` breaks the spec: the mock answers 500 `UNEXPECTED_ERROR`, logs the
 * rule broken (never the value), and keeps nothing; an example served by name is sent with an
 * `sl-violations` header that describes it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";
import { API_KEYS_PATH, PRIVATE_KEY, PUBLIC_KEY, signedFetch } from "./helpers/digest-client.js";
import { bundlePath } from "./helpers/spec.js";
import { API_KEYS_TEMPLATE } from "./helpers/spec-examples.js";

const MAX_DESC = 3;
const LONG_DESC = "rotation test";

/** A copy of the bundle with the create response's `desc` limited to MAX_DESC characters. */
function tightenedSpec(): { path: string; operationId: string; exampleName: string } {
  const document = JSON.parse(readFileSync(bundlePath, "utf8"));
  const create = document.paths[API_KEYS_TEMPLATE].post;
  const content = create.responses["200"].content["application/json"];
  const schemaName = String(content.schema.$ref).split("/").pop() as string;
  const schema = document.components.schemas[schemaName];
  expect(schema.properties.desc).toBeDefined();
  schema.properties.desc = { ...schema.properties.desc, maxLength: MAX_DESC };
  const path = join(mkdtempSync(join(tmpdir(), "atlas-output-")), "openapi.json");
  writeFileSync(path, JSON.stringify(document));
  return { path, operationId: create.operationId, exampleName: Object.keys(content.examples)[0] as string };
}

describe("a state-built body that breaks the spec", () => {
  let mock: RunningMock;
  let spec: ReturnType<typeof tightenedSpec>;
  const written: string[] = [];
  beforeAll(async () => {
    spec = tightenedSpec();
    mock = await startMock({ port: 0, specPath: spec.path, publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
  });
  afterAll(() => mock.close());
  afterEach(() => {
    vi.restoreAllMocks();
    written.length = 0;
  });
  const captureStderr = () =>
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  const create = (desc: string, headers: Record<string, string> = {}) =>
    signedFetch(mock.url, API_KEYS_PATH, {
      body: JSON.stringify({ desc, roles: ["ORG_MEMBER"] }),
      headers,
    });

  it("is answered 500 UNEXPECTED_ERROR, its reason logged without the value", async () => {
    captureStderr();
    const response = await create(LONG_DESC);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toMatchObject({
      error: 500,
      errorCode: "UNEXPECTED_ERROR",
      reason: "Internal Server Error",
      detail: expect.any(String),
    });
    const lines = written.join("").split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^atlas-mock: /);
    expect(lines[0]).toContain(spec.operationId);
    expect(lines[0]).toContain("/desc maxLength");
    expect(lines[0]).not.toContain(LONG_DESC);
  });

  it("is not kept: the list does not show it", async () => {
    captureStderr();
    expect((await create(LONG_DESC)).status).toBe(500);
    const listed = await signedFetch(mock.url, API_KEYS_PATH, { method: "GET" });
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { results: { desc?: string }[] };
    expect(page.results.map((key) => key.desc)).not.toContain(LONG_DESC);
  });

  it("a body within the tightened schema is sent, with no sl-violations", async () => {
    const spy = captureStderr();
    const response = await create("ok");
    expect(response.status).toBe(200);
    expect(response.headers.get("sl-violations")).toBeNull();
    expect((await response.json()) as { desc: string }).toMatchObject({ desc: "ok" });
    expect(spy).not.toHaveBeenCalled();
  });

  it("an example served by name is sent as the spec has it, and sl-violations describes those bytes", async () => {
    const response = await create("ok", { Prefer: `example=${spec.exampleName}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { desc: string };
    expect(body.desc.length).toBeGreaterThan(MAX_DESC);
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as {
      location: string[];
      code: string;
    }[];
    expect(violations).toEqual([
      expect.objectContaining({ location: ["response", "body", "desc"], code: "maxLength" }),
    ]);
  });
});
