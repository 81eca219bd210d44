import { describe, expect, it } from "vitest";
import { checkErrorMappings } from "../lib/error-mappings.js";
import { loadBundledSpec } from "../lib/validator.js";

const spec = loadBundledSpec();
type Json = Record<string, any>;

/** A deep copy of the bundled spec, changed by `change`. */
function brokenCopy(change: (copy: Json) => void): Json {
  const copy = structuredClone(spec) as Json;
  change(copy);
  return copy;
}

describe("x-atlas-error mappings", () => {
  it("hold in the spec: each names a rule of its schema and a documented 400 example it reproduces", () => {
    expect(checkErrorMappings(spec)).toEqual([]);
  });

  it("map the documented 400 codes of both operations", () => {
    const schemas = spec.components.schemas;
    expect(schemas.ApiKeyDescription["x-atlas-error"].maxLength.errorCode).toBe("INVALID_API_KEY_DESC");
    expect(schemas.OrganizationRoleNames["x-atlas-error"].minItems.errorCode).toBe("MISSING_API_KEY_ROLES");
    expect(schemas.OrganizationRoleName["x-atlas-error"].enum.errorCode).toBe("INVALID_ROLE_FOR_ORG");
    expect(schemas.TargetOrgRequest.properties.accessListIps.items["x-atlas-error"].pattern.errorCode).toBe(
      "INVALID_IP_ADDRESS_OR_CIDR_NOTATION",
    );
  });

  it.each<[string, (copy: Json) => void, RegExp]>([
    [
      "a rule the schema does not have",
      (s) => {
        s.components.schemas.ApiKeyDescription["x-atlas-error"].minItems = {
          errorCode: "INVALID_API_KEY_DESC",
          detail: "API Key description must be between 1 and 250 characters.",
        };
      },
      /ApiKeyDescription.* has no minItems rule/,
    ],
    [
      "a keyword the mock does not report",
      (s) => {
        s.components.schemas.ApiKeyDescription["x-atlas-error"].examples = { errorCode: "X", detail: "x" };
      },
      /examples is not a rule the mock reports/,
    ],
    [
      "an error code with no 400 example",
      (s) => {
        s.components.schemas.OrganizationRoleName["x-atlas-error"].enum.errorCode = "NO_SUCH_CODE";
      },
      /documents no 400 example with errorCode NO_SUCH_CODE/,
    ],
    [
      "a detail that differs from the example's",
      (s) => {
        s.components.schemas.OrganizationRoleName["x-atlas-error"].enum.detail = "Bad role {value}.";
      },
      /gives "Bad role GROUP_OWNER\." where the 400 example invalidRoleForOrg says/,
    ],
    [
      "a mapped example that is not a valid ApiError",
      (s) => {
        s.components.examples.InvalidRoleForOrg.value.error = "400";
      },
      /the 400 example invalidRoleForOrg is not a valid ApiError/,
    ],
    [
      "an unknown placeholder",
      (s) => {
        s.components.schemas.ApiKeyDescription["x-atlas-error"].maxLength.detail = "Too long: {length}.";
      },
      /unknown placeholder \{length\}/,
    ],
    [
      "a mapping on a schema no request body uses",
      (s) => {
        s.components.schemas.ApiKeyUserDetails["x-atlas-error"] = { required: { errorCode: "X", detail: "x" } };
      },
      /ApiKeyUserDetails: x-atlas-error on a schema no request body uses/,
    ],
  ])("fail for %s", (_, change, problem) => {
    const problems = checkErrorMappings(brokenCopy(change) as never);
    expect(problems.join("\n")).toMatch(problem);
  });
});
