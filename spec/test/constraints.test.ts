import { createSpecValidator } from "@atlas-admin/spec-kit";
import { describe, expect, it } from "vitest";
import { spec } from "./bundle-path.js";
import { API_KEYS, LINK_TOKENS, ORG_ROLES } from "./spec-paths.js";

const validator = createSpecValidator(spec);
const apiKeyBody = validator.requestBody(API_KEYS, "post");
const linkTokenBody = validator.requestBody(LINK_TOKENS, "post");
const orgId = validator.parameter(API_KEYS, "post", "orgId");
const pretty = validator.parameter(API_KEYS, "post", "pretty");

describe("API key request body", () => {
  it.each<[string, unknown]>([
    ["desc only", { desc: "CI key" }],
    ["roles only", { roles: ["ORG_MEMBER"] }],
    ["both", { desc: "CI key", roles: ["ORG_MEMBER", "ORG_BILLING_ADMIN"] }],
    ["a 1-character desc", { desc: "x" }],
    ["a 250-character desc", { desc: "x".repeat(250) }],
    ["every organization role", { roles: [...ORG_ROLES] }],
  ])("accepts %s", (_, body) => {
    expect(apiKeyBody(body), validator.errorsText(apiKeyBody)).toBe(true);
  });

  it.each<[string, unknown]>([
    ["an empty body", {}],
    ["an empty desc", { desc: "" }],
    ["a 251-character desc", { desc: "x".repeat(251) }],
    ["empty roles", { roles: [] }],
    ["empty roles beside a valid desc", { desc: "CI key", roles: [] }],
    ["an unknown role", { roles: ["ORG_SUPERUSER"] }],
    ["a project role", { roles: ["GROUP_OWNER"] }],
    ["a lower-case role", { roles: ["org_member"] }],
    ["desc as a number", { desc: 5 }],
    ["roles as a string", { roles: "ORG_MEMBER" }],
    ["a role as a number", { roles: [1] }],
    ["an unknown attribute", { desc: "CI key", accessList: [] }],
    ["null", null],
    ["an array", [{ desc: "CI key" }]],
  ])("rejects %s", (_, body) => {
    expect(apiKeyBody(body)).toBe(false);
  });
});

describe("link-token request body", () => {
  it.each<[string, unknown]>([
    ["two entries", { accessListIps: ["203.0.113.7", "192.0.2.0/24"] }],
    ["an IPv6 block", { accessListIps: ["2001:db8::/32"] }],
    ["IPv6 addresses", { accessListIps: ["::1", "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1"] }],
    [
      "the widest and narrowest blocks",
      { accessListIps: ["0.0.0.0/0", "192.0.2.1/32", "::/0", "2001:db8::1/128"] },
    ],
    ["no entries", { accessListIps: [] }],
  ])("accepts %s", (_, body) => {
    expect(linkTokenBody(body), validator.errorsText(linkTokenBody)).toBe(true);
  });

  it.each<[string, unknown]>([
    ["an empty body", {}],
    ["accessListIps as a string", { accessListIps: "203.0.113.7" }],
    ["an entry as a number", { accessListIps: [203] }],
    ["an unknown attribute", { accessListIps: [], linkToken: "x" }],
    ["an octet over 255", { accessListIps: ["999.1.1.1"] }],
    ["a name instead of an address", { accessListIps: ["not-an-ip"] }],
    ["an IPv4 prefix over 32", { accessListIps: ["203.0.113.0/33"] }],
    ["an IPv6 prefix over 128", { accessListIps: ["2001:db8::/129"] }],
    ["a leading zero", { accessListIps: ["203.0.113.07"] }],
    ["nine IPv6 groups", { accessListIps: ["1:2:3:4:5:6:7:8:9"] }],
    ["an empty entry", { accessListIps: [""] }],
    ["a slash without a prefix", { accessListIps: ["192.0.2.0/"] }],
  ])("rejects %s", (_, body) => {
    expect(linkTokenBody(body)).toBe(false);
  });
});

describe("parameters", () => {
  it("orgId accepts 24 lowercase hex digits", () => {
    expect(orgId("5980cfc70b6d12029d82e3f6")).toBe(true);
  });

  it.each([
    "5980CFC70B6D12029D82E3F6",
    "5980cfc70b6d12029d82e3f",
    "5980cfc70b6d12029d82e3f6a",
    "zz80cfc70b6d12029d82e3f6",
    "",
    "../../orgs",
  ])("orgId rejects %j", (value) => {
    expect(orgId(value)).toBe(false);
  });

  it("pretty is a boolean", () => {
    expect(pretty(true)).toBe(true);
    expect(pretty("yes")).toBe(false);
  });
});
