import { describe, expect, it } from "vitest";
import { createSpecValidator, loadSpec, resolveRef } from "../src/index.js";
import { fixtureSpec } from "./fixture.js";

const validator = createSpecValidator(fixtureSpec());
const WIDGETS = "/orgs/{orgId}/widgets";

describe("createSpecValidator", () => {
  it("validates bodies, responses and parameters against the spec's schemas, references resolved", () => {
    const body = validator.requestBody(WIDGETS, "post");
    expect(body({ name: "abc" })).toBe(true);
    expect(body({ name: "abcd" })).toBe(false);
    expect(validator.errorsText(body)).toContain("must NOT have more than 3 characters");
    expect(validator.response(WIDGETS, "post", 201)({ name: "a", extra: 1 })).toBe(false);
    expect(validator.parameter(WIDGETS, "get", "orgId")("x")).toBe(true);
    expect(validator.parameter(WIDGETS, "get", "pageNum")("x")).toBe(false);
    expect(validator.schema("Widget")({ name: "a", tags: ["A", "A"] })).toBe(false);
  });

  it("names what the spec lacks", () => {
    expect(() => validator.schema("Nope")).toThrow("The spec has no schema components/schemas/Nope.");
    expect(() => validator.requestBody("/nope", "post")).toThrow("The spec has no operation POST /nope.");
    expect(() => validator.response(WIDGETS, "post", 404)).toThrow(
      "POST /orgs/{orgId}/widgets documents no 404",
    );
    expect(() => validator.parameter(WIDGETS, "get", "nope")).toThrow("has no parameter nope");
  });
});

describe("resolveRef", () => {
  const spec = fixtureSpec();

  it("follows local references and passes other values through", () => {
    expect(resolveRef(spec, { $ref: "#/components/examples/SmallWidget" })).toEqual({
      value: { name: "abc", tags: ["A"] },
    });
    expect(resolveRef(spec, { name: "x" })).toEqual({ name: "x" });
    expect(resolveRef(spec, undefined)).toBeUndefined();
  });

  it("refuses references to nothing and circular chains", () => {
    expect(() => resolveRef(spec, { $ref: "#/components/schemas/Nope" })).toThrow(
      "Unresolvable $ref #/components/schemas/Nope",
    );
    const circular = { ...spec, components: { ...spec.components, a: { $ref: "#/components/a" } } };
    expect(() => resolveRef(circular, { $ref: "#/components/a" })).toThrow("Circular $ref #/components/a");
  });
});

describe("loadSpec", () => {
  it("names the bundle command when the file is missing", () => {
    expect(() => loadSpec("/nonexistent/openapi.json")).toThrow(
      "The bundled spec /nonexistent/openapi.json is missing: run `pnpm --filter @atlas-admin/spec run bundle`.",
    );
  });
});
