// Over every operation of the spec (read from the spec): whatever is wrong with a request, the
// mock answers with a status that operation declares (never Prism's undeclared 422), and the
// list operations serve back what the mock created.
import {
  brokenValues,
  createSpecValidator,
  exampleBody,
  exampleParameters,
  resolveRef,
  specOperations,
} from "@atlas-admin/spec-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";
import { curl } from "./helpers/curl.js";
import { reachableParameters } from "./helpers/linked.js";
import { spec } from "./helpers/spec.js";

const validator = createSpecValidator(spec);
const operations = specOperations(validator.spec);
const JSON_TYPE = { "Content-Type": "application/json" };
const ORG = "5980cfc70b6d12029d82e3f6";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock?.close());

function pathOf(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(values[name] ?? ORG)),
  );
}

describe.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
  "%s",
  (_, operation) => {
    const examples = exampleParameters(operation);
    const method = operation.method.toUpperCase();
    const body = exampleBody(operation);
    const send = (path: string, data: unknown = body) =>
      curl(`${mock.url}${path}`, {
        method,
        ...(data === undefined ? {} : { headers: JSON_TYPE, data: JSON.stringify(data) }),
      });

    it("answers a valid request with its success status", async () => {
      const parameters = await reachableParameters(mock.url, operation);
      expect((await send(pathOf(operation.path, parameters))).status).toBe(operation.success);
    });

    it("answers every broken parameter and body rule with a declared status (400)", async () => {
      const requests: [string, string, unknown][] = [];
      for (const parameter of operation.parameters) {
        const validate = validator.compile(parameter.schema);
        const valid = parameter.example ?? parameter.schema?.default;
        for (const [what, value] of brokenValues(validator.spec, parameter.schema, valid, (v) =>
          Boolean(validate(v)),
        )) {
          if (typeof value === "object") continue;
          const path =
            parameter.in === "path"
              ? pathOf(operation.path, { ...examples.path, [parameter.name]: value })
              : `${pathOf(operation.path, examples.path)}?${parameter.name}=${encodeURIComponent(String(value))}`;
          requests.push([`${parameter.name} ${what}`, path, body]);
        }
      }
      if (operation.requestBody !== undefined) {
        const validate = validator.requestBody(operation.path, operation.method);
        for (const [what, broken] of brokenValues(validator.spec, operation.requestBody.schema, body, (v) =>
          Boolean(validate(v)),
        ))
          requests.push([`body ${what}`, pathOf(operation.path, examples.path), broken]);
      }
      for (const [what, path, data] of requests) {
        const response = await send(path, data);
        if (response.status === operation.success) continue; // a string that is also a valid value
        expect(operation.statuses, `${what}: ${response.status}`).toContain(response.status);
        expect(response.status, what).toBe(400);
      }
    });
  },
);

describe("list operations (x-mock-list) serve what the mock created, per organization", () => {
  const listHint = (o: (typeof operations)[number]) =>
    resolveRef<{ "x-mock-list"?: { from: string } }>(
      validator.spec,
      o.response(o.success)?.content?.["application/json"]?.schema,
    )?.["x-mock-list"];
  const lists = operations.filter((o) => listHint(o) !== undefined);

  it("the spec has a list operation", () => {
    expect(lists.length).toBeGreaterThan(0);
  });

  it.each(lists.map((o) => [o.operationId, o] as const))("%s", async (_, list) => {
    const hint = listHint(list);
    if (!hint) throw new Error(`no x-mock-list on ${list.operationId}`);
    const creator = operations.find((o) => o.path === list.path && o.method === hint.from);
    if (!creator) throw new Error(`no ${hint.from} on ${list.path}`);
    const org = "0123456789abcdef01234567";
    const other = "fedcba9876543210fedcba98";
    const created: { id: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await curl(`${mock.url}${pathOf(creator.path, { orgId: org })}`, {
        method: creator.method.toUpperCase(),
        headers: JSON_TYPE,
        data: JSON.stringify(exampleBody(creator)),
      });
      created.push(response.json() as { id: string });
    }
    const page = async (org: string, query: string) =>
      (await curl(`${mock.url}${pathOf(list.path, { orgId: org })}${query}`)).json() as {
        results: { id: string }[];
        totalCount?: number;
      };
    const all = await page(org, "");
    expect(all.totalCount).toBe(3);
    expect(all.results.map((r) => r.id)).toEqual(created.map((c) => c.id));
    const second = await page(org, "?itemsPerPage=2&pageNum=2&includeCount=false");
    expect(second.results.map((r) => r.id)).toEqual([created[2]?.id]);
    expect(second.totalCount).toBeUndefined();
    expect((await page(other, "")).results).toEqual([]);
    const validate = validator.response(list.path, list.method, list.success);
    expect(validate(all), validator.errorsText(validate)).toBe(true);
  });
});
