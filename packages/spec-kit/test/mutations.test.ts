import { describe, expect, it } from "vitest";
import { brokenValues, createSpecValidator } from "../src/index.js";
import { fixtureSpec } from "./fixture.js";

describe("brokenValues", () => {
  const spec = fixtureSpec();
  const validate = createSpecValidator(spec).schema("Widget");
  const broken = brokenValues(
    spec,
    { $ref: "#/components/schemas/Widget" },
    { name: "abc", tags: ["A"] },
    validate,
  );

  it("breaks each rule of the schema once, in properties and items the valid value holds", () => {
    expect(Object.fromEntries(broken)).toEqual({
      "value: type": "not-a-object",
      "value: additionalProperties": { name: "abc", tags: ["A"], unknownAttribute: 1 },
      "value: required name": { tags: ["A"] },
      "value.name: type": { name: 42, tags: ["A"] },
      "value.name: minLength": { name: "", tags: ["A"] },
      "value.name: maxLength": { name: "xxxx", tags: ["A"] },
      "value.tags: type": { name: "abc", tags: "not-a-array" },
      "value.tags: maxItems": { name: "abc", tags: ["A", "A", "A"] },
      "value.tags: uniqueItems": { name: "abc", tags: ["A", "A"] },
      "value.tags[0]: type": { name: "abc", tags: [42] },
      "value.tags[0]: enum": { name: "abc", tags: ["NOT_A_X"] },
    });
  });

  it("keeps only values the validator rejects", () => {
    for (const [, value] of broken) expect(validate(value)).toBe(false);
    expect(brokenValues(spec, { $ref: "#/components/schemas/Widget" }, { name: "abc" }, () => true)).toEqual(
      [],
    );
  });
});
