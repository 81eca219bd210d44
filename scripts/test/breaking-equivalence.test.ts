// The gate's equivalence check on patterns: languages compared, not texts; bounded.
import { describe, expect, it } from "vitest";
import { equivalentPatterns, MAX_PATTERN_LENGTH } from "../breaking/equivalence.mjs";

describe("equivalentPatterns", () => {
  it.each([
    ["^[a-z0-9]+$", "^[0-9a-z]+$"],
    ["^[a-z0-9]+$", "^[a-z\\d]+$"],
    ["^\\d{1,3}(\\.\\d{1,3}){3}$", "^\\d{1,3}(?:\\.\\d{1,3}){3}$"],
    ["abc", "^[^]*abc"],
  ])("%s and %s accept the same strings", (a, b) => {
    expect(equivalentPatterns(a, b)).toBe(true);
  });

  it.each([
    ["^[a-z0-9]+$", "^[a-z0-9]*$"],
    ["^[0-9a-f]{24}$", "^[0-9a-fA-F]{24}$"],
    // `.` does not match a line terminator: "x\nabc" matches the first only.
    ["abc", "^.*abc"],
  ])("%s and %s do not", (a, b) => {
    expect(equivalentPatterns(a, b)).toBe(false);
  });

  it("counts an invalid expression, or one past the length bound, as different", () => {
    expect(equivalentPatterns("(a", "(a|a")).toBe(false);
    const long = `^${"a".repeat(MAX_PATTERN_LENGTH)}$`;
    expect(equivalentPatterns(long, `^${"a".repeat(MAX_PATTERN_LENGTH - 1)}[a]$`)).toBe(false);
  });
});
