import { describe, expect, it } from "vitest";
import {
  exampleBody,
  exampleParameters,
  METHODS,
  operationName,
  type SpecOperation,
  specOperations,
} from "../src/index.js";
import { fixtureSpec } from "./fixture.js";

const operations = specOperations(fixtureSpec());
const byId = (id: string) => operations.find((o) => o.operationId === id) as SpecOperation;

describe("specOperations", () => {
  it("lists every operation in the order of paths, then METHODS", () => {
    expect(operations.map(operationName)).toEqual([
      "GET /orgs/{orgId}/widgets",
      "POST /orgs/{orgId}/widgets",
      "GET /orgs/{orgId}/widgets/{widgetId}",
    ]);
    expect(METHODS.indexOf("get")).toBeLessThan(METHODS.indexOf("post"));
  });

  it("merges path-level parameters with the operation's, resolving references", () => {
    expect(byId("listWidgets").parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      "path:orgId",
      "query:pageNum",
      "query:pretty",
    ]);
  });

  it("reads statuses, the one success, resolved responses and named examples", () => {
    const create = byId("createWidget");
    expect(create.statuses).toEqual([201, 400]);
    expect(create.success).toBe(201);
    expect(create.response(400)?.description).toBe("bad");
    expect(create.response(404)).toBeUndefined();
    expect(create.namedExamples()).toEqual([[400, "tooLong", { error: 400, errorCode: "NAME_TOO_LONG" }]]);
    expect(create.requestBody?.required).toBe(true);
    expect(create.requestBody?.examples).toEqual([{ name: "small", value: { name: "abc", tags: ["A"] } }]);
  });

  it("links an operation to the one whose success response names it", () => {
    const get = byId("getWidget");
    expect(get.linkedFrom?.source.operationId).toBe("createWidget");
    expect(get.linkedFrom?.fields).toEqual({ widgetId: "id" });
    expect(byId("listWidgets").linkedFrom).toBeUndefined();
  });

  it("refuses an operation without exactly one success status", () => {
    const spec = fixtureSpec();
    (spec.paths["/orgs/{orgId}/widgets"]?.get?.responses as Record<string, unknown>)["204"] = {};
    expect(() => specOperations(spec)).toThrow("GET /orgs/{orgId}/widgets documents 2 success statuses");
  });
});

describe("example values", () => {
  it("fill path parameters and required query parameters from examples and defaults", () => {
    expect(exampleParameters(byId("listWidgets"))).toEqual({
      path: { orgId: "5980cfc70b6d12029d82e3f6" },
      query: { pageNum: 1 },
    });
    expect(exampleParameters(byId("getWidget")).path).toEqual({
      orgId: "5980cfc70b6d12029d82e3f6",
      widgetId: "w1",
    });
  });

  it("give the first named body example, undefined without a body, and refuse a body without one", () => {
    expect(exampleBody(byId("createWidget"))).toEqual({ name: "abc", tags: ["A"] });
    expect(exampleBody(byId("listWidgets"))).toBeUndefined();
    const create = byId("createWidget");
    expect(() =>
      exampleBody({ ...create, requestBody: { required: true, schema: {}, examples: [] } }),
    ).toThrow("POST /orgs/{orgId}/widgets has a body without a named example");
  });
});
