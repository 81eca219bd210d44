import {
  bodyErrorCodes,
  brokenValues,
  createSpecValidator,
  exampleBody,
  exampleParameters,
} from "@atlas-admin/spec-kit";
import { describe, expect, it } from "vitest";
import { clientFor, DELIBERATE_HEADER } from "./helpers/clients.js";
import { callOperation, fromUrl, operationName, operations, validator } from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";

const target = contractTarget();
const atlas = clientFor();
const apiError = validator.schema("ApiError");
const rules = createSpecValidator(validator.spec, { verbose: true });
const DELIBERATE = "constraints: one rule of the spec broken";

function expectBadRequest(result: { error?: unknown; response: Response }) {
  expect(result.response.status).toBe(400);
  expect(apiError(result.error), validator.errorsText(apiError)).toBe(true);
  expect((result.error as { error: number }).error).toBe(400);
}

/** Every rule of every body, each broken once, read from the spec. */
const brokenBodies = operations.flatMap((operation) => {
  if (operation.requestBody === undefined) return [];
  const validate = validator.requestBody(operation.path, operation.method);
  return brokenValues(validator.spec, operation.requestBody.schema, exampleBody(operation), (v) =>
    Boolean(validate(v)),
  ).map(([what, body]) => [operationName(operation), what, body, operation] as const);
});

/** Every rule of every path and query parameter, each broken once (as a URL carries it). */
const brokenParameters = operations.flatMap((operation) => {
  const examples = exampleParameters(operation);
  return operation.parameters
    .filter((p) => p.in === "path" || p.in === "query")
    .flatMap((parameter) => {
      const validate = validator.compile(parameter.schema);
      const valid = parameter.example ?? parameter.schema?.examples?.[0] ?? parameter.schema?.default;
      return brokenValues(validator.spec, parameter.schema, valid, (v) =>
        Boolean(validate(fromUrl(parameter, String(v)))),
      )
        .filter(([, value]) => value !== null && typeof value !== "object")
        .map(([what, value]) => {
          const where = parameter.in === "path" ? "path" : "query";
          const values = { ...examples[where], [parameter.name]: String(value) };
          return [
            operationName(operation),
            `${where}.${parameter.name} ${what}`,
            where,
            values,
            operation,
          ] as const;
        });
    });
});

describe(`each constraint of the spec broken once is rejected (${target.name})`, () => {
  it("covers every operation's parameters, and every body", () => {
    for (const operation of operations) {
      expect(brokenParameters.some(([name]) => name === operationName(operation))).toBe(true);
      if (operation.requestBody)
        expect(brokenBodies.some(([name]) => name === operationName(operation))).toBe(true);
    }
  });

  it.each(brokenBodies)("%s: body with %s", async (_, __, body, operation) => {
    const result = await callOperation(atlas, operation, target.orgId, { body, deliberate: DELIBERATE });
    expectBadRequest(result);
    if (target.servesPrismMocks) {
      // One rule broken: the one code the spec maps for it.
      expect(bodyErrorCodes(rules, operation.path, operation.method, body)).toContain(
        (result.error as { errorCode?: string }).errorCode,
      );
    }
  });

  it.each(brokenParameters)("%s: %s", async (_, __, where, values, operation) => {
    const result = await callOperation(atlas, operation, target.orgId, {
      [where]: values,
      deliberate: DELIBERATE,
    });
    expectBadRequest(result);
  });

  it.runIf(target.servesPrismMocks)("names the violated field in the error body", async () => {
    const { error } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId: target.orgId } },
      body: { desc: "x".repeat(251) },
      headers: { [DELIBERATE_HEADER]: DELIBERATE },
    });
    expect(error?.badRequestDetail?.fields?.map((f) => f.field)).toContain("body.desc");
  });
});
