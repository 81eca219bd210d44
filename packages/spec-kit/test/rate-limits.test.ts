import { describe, expect, it } from "vitest";
import { type OpenApiDocument, rateLimitGroups, rateLimitOf } from "../src/index.js";

const limit = { scope: "ORGANIZATION", capacity: 100, refill: 10, periodSeconds: 60 };
const document = (tags: unknown[]) =>
  ({ openapi: "3.1.0", paths: {}, components: { schemas: {} }, tags }) as unknown as OpenApiDocument;

describe("rate limits", () => {
  const spec = document([
    { name: "Plain" },
    { name: "Widgets", "x-atlas-rate-limit": limit },
    { name: "Gadgets", "x-atlas-rate-limit": { ...limit, capacity: 5 } },
  ]);

  it("reads each tag's x-atlas-rate-limit, in the order of tags", () => {
    expect([...rateLimitGroups(spec).entries()]).toEqual([
      ["Widgets", limit],
      ["Gadgets", { ...limit, capacity: 5 }],
    ]);
  });

  it("gives an operation its first tag that carries a limit", () => {
    expect(rateLimitOf(spec, { tags: ["Plain", "Gadgets", "Widgets"] })).toEqual({
      group: "Gadgets",
      limit: { ...limit, capacity: 5 },
    });
    expect(rateLimitOf(spec, { tags: ["Plain"] })).toBeUndefined();
  });

  it("refuses a limit without positive numbers, naming the tag", () => {
    expect(() =>
      rateLimitGroups(document([{ name: "Bad", "x-atlas-rate-limit": { ...limit, refill: 0 } }])),
    ).toThrow(/tag Bad/);
  });
});
