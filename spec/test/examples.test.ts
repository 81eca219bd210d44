import { createSpecValidator, resolveRef, specOperations } from "@atlas-admin/spec-kit";
import { describe, expect, it } from "vitest";
import { spec } from "./bundle-path.js";
import seed from "./fixtures/seed-examples.json" with { type: "json" };
import { API_KEYS, LINK_TOKENS } from "./spec-paths.js";

const validator = createSpecValidator(spec);
const operations = specOperations(spec);

type Example = { where: string; schema: unknown; value: unknown };

/** Every named example of every request body, response and parameter, with the schema it illustrates. */
function collectExamples(): Example[] {
  const found: Example[] = [];
  const fromMediaTypes = (content: Record<string, any> | undefined, where: string) => {
    for (const [mediaType, media] of Object.entries(content ?? {})) {
      for (const [name, example] of Object.entries<any>(media.examples ?? {})) {
        found.push({
          where: `${where} ${mediaType} example "${name}"`,
          schema: media.schema,
          value: resolveRef<any>(spec, example).value,
        });
      }
    }
  };
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const parameter of (item.parameters ?? []).map((p: unknown) => resolveRef<any>(spec, p))) {
      found.push({
        where: `${path} parameter ${parameter.name}`,
        schema: parameter.schema,
        value: parameter.example,
      });
    }
  }
  for (const { path, method, operation } of operations.filter((o) => spec.paths[o.path] !== undefined)) {
    const name = `${method.toUpperCase()} ${path}`;
    if (operation.requestBody !== undefined) {
      fromMediaTypes(resolveRef<any>(spec, operation.requestBody).content, `${name} request`);
    }
    for (const parameter of (operation.parameters ?? []).map((p: unknown) => resolveRef<any>(spec, p))) {
      found.push({
        where: `${name} parameter ${parameter.name}`,
        schema: parameter.schema,
        value: parameter.example,
      });
    }
    for (const [status, ref] of Object.entries<any>(operation.responses ?? {})) {
      const response = resolveRef<any>(spec, ref);
      fromMediaTypes(response.content, `${name} ${status}`);
      for (const [header, value] of Object.entries<any>(response.headers ?? {})) {
        const resolved = resolveRef<any>(spec, value);
        found.push({
          where: `${name} ${status} header ${header}`,
          schema: resolved.schema,
          value: resolved.example,
        });
      }
    }
  }
  return found;
}

describe("examples", () => {
  const examples = collectExamples();

  it("exist for every response with a body of every operation", () => {
    for (const { method, path, statuses, response } of operations) {
      for (const status of statuses.filter((s) => response(s)?.content !== undefined)) {
        expect(
          examples.some((e) =>
            e.where.startsWith(`${method.toUpperCase()} ${path} ${status} application/json example`),
          ),
          `${method} ${path} ${status}`,
        ).toBe(true);
      }
    }
    expect(examples.length).toBeGreaterThanOrEqual(30);
  });

  it("each validate against their schema with Ajv", () => {
    const failures = examples.flatMap(({ where, schema, value }) => {
      const validate = validator.compile(schema);
      return validate(value) ? [] : [`${where}: ${validator.errorsText(validate)}`];
    });
    expect(failures).toEqual([]);
  });

  it("of errors carry the status they are served with", () => {
    for (const { operation } of operations) {
      for (const [status, ref] of Object.entries<any>(operation.responses ?? {})) {
        if (!status.startsWith("4") && !status.startsWith("5")) continue;
        for (const example of Object.values<any>(
          resolveRef<any>(spec, ref).content["application/json"].examples,
        )) {
          expect(resolveRef<any>(spec, example).value.error).toBe(Number(status));
        }
      }
    }
  });
});

describe("the reference pages' examples", () => {
  it("API key request validates", () => {
    expect(validator.requestBody(API_KEYS, "post")(seed.apiKeyRequest)).toBe(true);
  });

  it('link-token request shows its placeholder: the entry "string" is not an IP address, so it is rejected', () => {
    const validate = validator.requestBody(LINK_TOKENS, "post");
    expect(validate(seed.linkTokenRequest)).toBe(false);
    expect(validator.errorsText(validate)).toContain("/accessListIps/0 must match pattern");
    expect(validate({ accessListIps: ["203.0.113.7"] })).toBe(true);
  });

  it("API key response validates", () => {
    expect(validator.response(API_KEYS, "post", 200)(seed.apiKeyResponse)).toBe(true);
  });

  it("link-token response shows the documented docs bug: linkToken as an array is rejected", () => {
    const validate = validator.response(LINK_TOKENS, "post", 201);
    expect(validate(seed.linkTokenResponse)).toBe(false);
    expect(validator.errorsText(validate)).toContain("/linkToken must be string");
  });
});
