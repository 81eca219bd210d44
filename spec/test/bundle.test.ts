import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadBundledSpec, resolveRef } from "../lib/validator.js";
import { API_KEYS, LINK_TOKENS, ORG_ROLES } from "./spec-paths.js";

const spec = loadBundledSpec();
const yamlBundle = parse(
  readFileSync(fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url)), "utf8"),
);

describe("the bundled spec", () => {
  it("is OpenAPI 3.1 and identical in its YAML and JSON forms", () => {
    expect(spec.openapi).toBe("3.1.0");
    expect(yamlBundle).toEqual(spec);
  });

  it("targets the Atlas v1.0 base URL with HTTP Digest on every operation", () => {
    expect(spec.servers).toEqual([
      expect.objectContaining({ url: "https://cloud.mongodb.com/api/atlas/v1.0" }),
    ]);
    expect(spec.components.securitySchemes.DigestAuth).toMatchObject({ type: "http", scheme: "digest" });
    for (const path of [API_KEYS, LINK_TOKENS]) {
      expect(spec.paths[path]?.post?.security).toEqual([{ DigestAuth: [] }]);
    }
  });

  it("holds exactly the two operations, with camelCase operationIds", () => {
    expect(Object.keys(spec.paths).sort()).toEqual([API_KEYS, LINK_TOKENS].sort());
    expect(Object.keys(spec.paths[API_KEYS] ?? {}).filter((k) => k !== "parameters")).toEqual(["post"]);
    expect(spec.paths[API_KEYS]?.post.operationId).toBe("createApiKey");
    expect(spec.paths[LINK_TOKENS]?.post.operationId).toBe("createLinkToken");
  });

  it.each([
    [LINK_TOKENS, "201"],
    [API_KEYS, "200"],
  ])("documents %s with success %s and every error status", (path, success) => {
    const statuses = Object.keys(spec.paths[path]?.post.responses ?? {}).sort();
    expect(statuses).toEqual([success, "400", "401", "403", "404", "429", "500"].sort());
    for (const status of statuses.filter((s) => s !== success)) {
      const response = resolveRef(spec, spec.paths[path]?.post.responses[status]);
      expect(response.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ApiError" });
    }
  });

  it("shares one orgId path parameter: 24 lowercase hex digits with an example", () => {
    for (const path of [API_KEYS, LINK_TOKENS]) {
      expect(spec.paths[path]?.parameters).toEqual([{ $ref: "#/components/parameters/orgId" }]);
    }
    const orgId = spec.components.parameters.orgId;
    expect(orgId).toMatchObject({ in: "path", required: true, example: "5980cfc70b6d12029d82e3f6" });
    expect(orgId.schema.pattern).toBe("^([a-f0-9]{24})$");
  });

  it("describes pretty and leaves envelope out, saying why", () => {
    expect(spec.components.parameters.pretty).toMatchObject({
      in: "query",
      schema: { type: "boolean", default: false },
    });
    expect(JSON.stringify(spec.paths)).not.toContain("envelope");
    expect(spec.info.description).toMatch(/`envelope` query parameter .* deliberately not described/s);
  });

  it("declares Atlas's Digest challenge on 401 and Retry-After on 429", () => {
    const unauthorized = spec.components.responses.Unauthorized;
    const challenge = resolveRef(spec, unauthorized.headers["WWW-Authenticate"]);
    expect(challenge.required).toBe(true);
    expect(challenge.example).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[^"]+", algorithm=MD5, qop="auth", stale=false$/,
    );
    const tooMany = spec.components.responses.TooManyRequests;
    expect(resolveRef(spec, tooMany.headers["Retry-After"]).schema.type).toBe("integer");
  });

  it("lists all seven organization roles", () => {
    expect(spec.components.schemas.OrganizationRoleName.enum).toEqual([...ORG_ROLES]);
  });

  it("gives linkToken as a string and requires the ApiError fields", () => {
    expect(spec.components.schemas.TargetOrg.properties.linkToken.type).toBe("string");
    expect(spec.components.schemas.ApiError.required).toEqual(["error", "errorCode"]);
  });

  it("describes every property of every schema", () => {
    const undescribed: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => {
          visit(item, `${where}/${i}`);
        });
        return;
      }
      if (node === null || typeof node !== "object") return;
      const record = node as Record<string, unknown>;
      if (record.properties && typeof record.properties === "object") {
        for (const [name, property] of Object.entries(
          record.properties as Record<string, Record<string, unknown>>,
        )) {
          if (!property.$ref && !property.description) undescribed.push(`${where}/properties/${name}`);
        }
      }
      for (const [key, value] of Object.entries(record)) visit(value, `${where}/${key}`);
    };
    visit(spec.components.schemas, "#/components/schemas");
    expect(undescribed).toEqual([]);
  });
});
