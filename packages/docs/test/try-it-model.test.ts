/**
 * The try-it panel's model is the spec's: the page embeds, for every operation of the spec and no
 * other, its method, path, parameters, named request examples and documented responses.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpec, specOperations } from "@atlas-admin/spec-kit";
import { describe, expect, inject, it } from "vitest";
import { tryItModel } from "../scripts/try-it-model.mjs";

const spec: any = loadSpec(inject("specBundle"));
const operations = specOperations(spec);
const model = tryItModel(spec);
const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = process.env.ATLAS_DOCS_DIST ?? join(pkgDir, "dist");

describe("the try-it model", () => {
  it("has every operation of the spec and no other", () => {
    expect(model.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`).sort()).toEqual(
      operations.map((o) => `${o.method.toUpperCase()} ${o.path} ${o.operationId}`).sort(),
    );
  });

  it.each(operations.map((o) => [o.operationId, o] as const))(
    "reads %s's parameters, request examples and responses from the spec",
    (operationId, operation) => {
      const modelled = model.operations.find((o) => o.operationId === operationId);
      expect(modelled?.parameters.map((p) => `${p.in}:${p.name}:${p.required}`).sort()).toEqual(
        operation.parameters
          .filter((p) => p.in === "path" || p.in === "query")
          .map((p) => `${p.in}:${p.name}:${p.required === true}`)
          .sort(),
      );
      expect(modelled?.body?.examples).toEqual(operation.requestBody?.examples);
      expect(modelled?.responses.map((r) => Number(r.status))).toEqual(operation.statuses);
      for (const [status, name] of operation.namedExamples()) {
        expect(modelled?.responses.find((r) => Number(r.status) === status)?.examples).toContain(name);
      }
    },
  );

  it("takes the token URL and the API's base URL from the spec", () => {
    expect(model.server).toBe(spec.servers[0].url.replace(/\/$/, ""));
    expect(model.tokenUrl).toBe(
      spec.components.securitySchemes.ServiceAccounts.flows.clientCredentials.tokenUrl,
    );
    expect(model.digest).toBe(true);
  });

  it("is embedded in the built page, with the panel's script inline", () => {
    const html = readFileSync(join(dist, "index.html"), "utf8");
    const embedded = /<script type="application\/json" id="atlas-try-it-model">(.*?)<\/script>/s.exec(
      html,
    )?.[1];
    expect(JSON.parse(embedded ?? "null")).toEqual(JSON.parse(JSON.stringify(model)));
    expect(html).toContain("atlas-try-it-open");
  });
});
