import { describe, expect, it } from "vitest";
import { bodyErrorCodes, checkErrorMappings, mappingRequests } from "../src/error-mappings.js";
import type { OpenApiDocument } from "../src/index.js";
import { createSpecValidator } from "../src/validator.js";
import { spec } from "./bundle.js";
import { API_KEYS, LINK_TOKENS } from "./spec-paths.js";

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
    const schemas = (spec as Json).components.schemas;
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
        s.components.schemas.ApiKeyUserDetails["x-atlas-error"] = {
          required: { errorCode: "X", detail: "x" },
        };
      },
      /ApiKeyUserDetails: x-atlas-error on a schema no request body uses/,
    ],
  ])("fail for %s", (_, change, problem) => {
    const problems = checkErrorMappings(brokenCopy(change) as OpenApiDocument);
    expect(problems.join("\n")).toMatch(problem);
  });
});

describe("the codes of the rules a body breaks, read with Ajv", () => {
  const validator = createSpecValidator(spec, { verbose: true });

  it.each<[string, string, unknown, string[] | undefined]>([
    ["an unknown role", API_KEYS, { roles: ["ORG_NOPE"] }, ["INVALID_ROLE_FOR_ORG"]],
    ["an empty desc", API_KEYS, { desc: "" }, ["INVALID_API_KEY_DESC"]],
    ["a 251-character desc", API_KEYS, { desc: "x".repeat(251) }, ["INVALID_API_KEY_DESC"]],
    ["empty roles beside a desc", API_KEYS, { desc: "x", roles: [] }, ["MISSING_API_KEY_ROLES"]],
    ["an unknown attribute beside roles", API_KEYS, { roles: ["ORG_MEMBER"], x: 1 }, ["INVALID_ATTRIBUTE"]],
    [
      "an unknown attribute and a bad desc",
      API_KEYS,
      { desc: "", x: 1 },
      ["INVALID_ATTRIBUTE", "INVALID_API_KEY_DESC"],
    ],
    [
      "a bad desc and a bad role",
      API_KEYS,
      { desc: "", roles: ["ORG_NOPE"] },
      ["INVALID_API_KEY_DESC", "INVALID_ROLE_FOR_ORG"],
    ],
    ["an empty body", API_KEYS, {}, ["VALIDATION_ERROR"]],
    ["desc of the wrong type", API_KEYS, { desc: 42 }, ["VALIDATION_ERROR"]],
    ["a valid body", API_KEYS, { roles: ["ORG_MEMBER"] }, undefined],
    [
      "a malformed entry",
      LINK_TOKENS,
      { accessListIps: ["999.1.1.1"] },
      ["INVALID_IP_ADDRESS_OR_CIDR_NOTATION"],
    ],
    ["an entry of the wrong type", LINK_TOKENS, { accessListIps: [7] }, ["VALIDATION_ERROR"]],
    ["no accessListIps", LINK_TOKENS, {}, ["VALIDATION_ERROR"]],
  ])("%s", (_, path, body, codes) => {
    const found = bodyErrorCodes(validator, path, "post", body);
    expect(found === undefined ? undefined : [...found].sort()).toEqual(codes && [...codes].sort());
  });
});

describe("a request per mapping, from its 400 example", () => {
  const validator = createSpecValidator(spec);
  const requests = mappingRequests(spec);

  it("covers every error code the spec maps", () => {
    const mapped = new Set<string>();
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      for (const mapping of Object.values((node as Json)["x-atlas-error"] ?? {}))
        mapped.add((mapping as Json).errorCode);
      for (const value of Object.values(node)) visit(value);
    };
    visit(spec);
    expect(mapped.size).toBeGreaterThan(0);
    expect(new Set(requests.map((r) => r.errorCode))).toEqual(mapped);
    for (const request of requests) expect(request.detail).not.toBe("undefined");
  });

  it.each(requests.map((r) => [`${r.mapping} (${r.example})`, r] as const))("%s breaks its rule", (_, r) => {
    expect(validator.requestBody(r.path, r.method)(r.body)).toBe(false);
  });
});
