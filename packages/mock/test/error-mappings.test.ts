/**
 * The spec's `x-atlas-error` mappings, proven on the mock by their own examples: for each mapping
 * and named 400 example with its code, the operation's request example with that rule broken
 * (spec-kit's `mappingRequests`) is sent, and the answer must be that example's code and detail.
 */
import {
  exampleParameters,
  mappingRequests,
  type OpenApiDocument,
  specOperations,
} from "@atlas-admin/spec-kit";
import { beforeAll, describe, expect, it } from "vitest";
import { type AtlasMock, createAtlasMock, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../src/index.js";
import { spec as bundle, bundlePath } from "./helpers/spec.js";

const spec = bundle as OpenApiDocument;
const requests = mappingRequests(spec);
let mock: AtlasMock;
let bearer: string;

beforeAll(async () => {
  mock = await createAtlasMock({ specPath: bundlePath });
  const basic = Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString("base64");
  const token = await mock.fetch("http://mock/api/oauth/token", {
    method: "POST",
    headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  bearer = ((await token.json()) as { access_token: string }).access_token;
});

describe("x-atlas-error mappings, sent as their 400 examples", () => {
  it("cover every mapping of the spec", () => {
    expect(requests.length).toBeGreaterThan(0);
  });

  it.each(requests.map((r) => [`${r.mapping} (${r.example})`, r] as const))("%s", async (_, request) => {
    const operation = specOperations(spec).find(
      (o) => o.path === request.path && o.method === request.method,
    );
    const { path: parameters } = exampleParameters(operation as NonNullable<typeof operation>);
    const path = request.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(String(parameters[name])),
    );
    const response = await mock.fetch(`http://mock${path}`, {
      method: request.method.toUpperCase(),
      headers: { Authorization: `Bearer ${bearer}`, "Content-Type": "application/json" },
      body: JSON.stringify(request.body),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorCode: request.errorCode, detail: request.detail });
  });
});
