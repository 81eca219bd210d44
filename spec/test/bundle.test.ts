import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolveRef, specOperations } from "@atlas-admin/spec-kit";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { spec } from "./bundle-path.js";
import { API_KEYS, LINK_TOKENS, ORG_ROLES } from "./spec-paths.js";

const operations = specOperations(spec);
const ERROR_STATUSES = ["400", "401", "403", "404", "429", "500", "503"];
const yamlBundle = parse(
  readFileSync(fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url)), "utf8"),
);

describe("the bundled spec", () => {
  it("is OpenAPI 3.1 and identical in its YAML and JSON forms", () => {
    expect(spec.openapi).toBe("3.1.0");
    expect(yamlBundle).toEqual(spec);
  });

  it("targets the Atlas v1.0 base URL with a service account or HTTP Digest on every operation", () => {
    expect(spec.servers).toEqual([
      expect.objectContaining({ url: "https://cloud.mongodb.com/api/atlas/v1.0" }),
    ]);
    expect(spec.components.securitySchemes.DigestAuth).toMatchObject({ type: "http", scheme: "digest" });
    expect(spec.components.securitySchemes.ServiceAccounts).toMatchObject({
      type: "oauth2",
      flows: { clientCredentials: { tokenUrl: "https://cloud.mongodb.com/api/oauth/token", scopes: {} } },
    });
    for (const { method, path, operation } of operations) {
      // Two requirements: either one (OpenAPI 3.1 §4.8.30), as in MongoDB's own v1.0 description.
      expect(operation.security, `${method} ${path}`).toEqual([{ ServiceAccounts: [] }, { DigestAuth: [] }]);
    }
  });

  it("holds at least the four Atlas operations, each with a unique camelCase operationId", () => {
    const ids = operations.map((o) => `${o.method} ${o.path} ${o.operationId}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        `post ${LINK_TOKENS} createLinkToken`,
        `delete ${LINK_TOKENS} deleteLinkToken`,
        `get ${API_KEYS} listApiKeys`,
        `post ${API_KEYS} createApiKey`,
      ]),
    );
    const operationIds = operations.map((o) => o.operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const id of operationIds) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    "documents %s with one success status and every error status, 400 included",
    (_, { success, statuses, response }) => {
      expect(success).toBeGreaterThanOrEqual(200);
      expect(statuses.map(String)).toEqual(expect.arrayContaining(ERROR_STATUSES));
      for (const status of statuses.filter((s) => s !== success)) {
        expect(response(status)?.content?.["application/json"]?.schema).toEqual({
          $ref: "#/components/schemas/ApiError",
        });
      }
    },
  );

  it("documents the success statuses MongoDB's sources give the four operations", () => {
    const success = Object.fromEntries(operations.map((o) => [o.operationId, o.success]));
    expect(success).toMatchObject({
      createLinkToken: 201,
      deleteLinkToken: 204,
      listApiKeys: 200,
      createApiKey: 200,
    });
    const remove = operations.find((o) => o.operationId === "deleteLinkToken");
    expect(remove?.response(204)?.content).toBeUndefined();
  });

  it("pages the API key list as Atlas does", () => {
    const list = operations.find((o) => o.operationId === "listApiKeys");
    const query = Object.fromEntries(
      (list?.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p.schema]),
    );
    expect(query.pageNum).toMatchObject({ type: "integer", minimum: 1, default: 1 });
    expect(query.itemsPerPage).toMatchObject({ type: "integer", minimum: 1, maximum: 500, default: 100 });
    expect(query.includeCount).toMatchObject({ type: "boolean", default: true });
    const page = resolveRef<any>(spec, list?.response(200)?.content?.["application/json"]?.schema);
    expect(Object.keys(page.properties).sort()).toEqual(["links", "results", "totalCount"]);
  });

  it("shares one orgId path parameter: 24 lowercase hex digits with an example", () => {
    for (const path of Object.keys(spec.paths)) {
      expect(spec.paths[path]?.parameters?.[0]).toEqual({ $ref: "#/components/parameters/orgId" });
      // Every other path parameter is a shared component too.
      for (const parameter of spec.paths[path]?.parameters ?? [])
        expect(parameter.$ref).toMatch(/^#\/components\/parameters\//);
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
    const challenge = resolveRef<any>(spec, unauthorized.headers["WWW-Authenticate"]);
    expect(challenge.required).toBe(true);
    expect(challenge.example).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[^"]+", algorithm=MD5, qop="auth", stale=false$/,
    );
    const tooMany = spec.components.responses.TooManyRequests;
    expect(resolveRef<any>(spec, tooMany.headers["Retry-After"]).schema.type).toBe("integer");
  });

  it("answers an ID the linked operations do not hold with the example x-mock-not-found names", () => {
    const linked = operations.filter((o) => Object.keys(o.linkedFrom?.fields ?? {}).length > 0);
    expect(linked.map((o) => o.operationId).sort()).toEqual(["deleteApiKey", "getApiKey", "updateApiKey"]);
    for (const operation of linked) {
      const source = operation.linkedFrom?.source;
      const name = source?.response(source.success)?.["x-mock-not-found"];
      expect(typeof name, operation.operationId).toBe("string");
      const found = operation.namedExamples().filter(([, example]) => example === name);
      // One error response holds it, and the example's `error` is that response's status.
      expect(found, operation.operationId).toHaveLength(1);
      const [status, , value] = found[0] as [number, string, { error: number }];
      expect(status).toBeGreaterThanOrEqual(400);
      expect(value.error).toBe(status);
    }
  });

  it("gives an unknown API key MongoDB's error code and status: 400 API_KEY_NOT_FOUND", () => {
    expect(spec.components.examples.ApiKeyNotFound.value).toMatchObject({
      error: 400,
      errorCode: "API_KEY_NOT_FOUND",
      reason: "Bad Request",
    });
  });

  it("declares Atlas's 503 SERVICE_UNAVAILABLE on every operation, as the mock's faults answer it", () => {
    for (const operation of operations) {
      const examples = operation.namedExamples().filter(([status]) => status === 503);
      expect(examples.map(([, , value]) => (value as { errorCode: string }).errorCode)).toEqual([
        "SERVICE_UNAVAILABLE",
      ]);
    }
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
