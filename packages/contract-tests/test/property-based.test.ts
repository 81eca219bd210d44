import { bodyErrorCodes, createSpecValidator, resolveRef } from "@atlas-admin/spec-kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capacityOf } from "./helpers/budget.js";
import { clientFor } from "./helpers/clients.js";
import {
  callOperation,
  descMaxLength,
  fromUrl,
  marked,
  operationName,
  operations,
  reach,
  validator,
} from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";
import { serviceAccountPlan } from "./helpers/target-env.js";

const target = contractTarget();
const atlas = clientFor();
const RUNS = Number(process.env.ATLAS_CONTRACT_RUNS ?? 500);
/**
 * The file's time budget in seconds (`ATLAS_CONTRACT_BUDGET_S`, default 60), shared evenly by the
 * operations: each one runs RUNS requests or as many as fit in its share, whichever is fewer, so
 * the file's time stays flat as the spec grows. At least MIN_RUNS per verdict run anyway.
 */
const BUDGET_MS = Number(process.env.ATLAS_CONTRACT_BUDGET_S ?? 60) * 1000;
const MIN_RUNS = 10;
/**
 * The share of each endpoint group's rate-limit bucket (the spec's `x-atlas-rate-limit`, at the
 * run's scale) that this file spends in one project, split evenly by the group's operations: the
 * runs per operation are the fewest of RUNS, this and what fits the time budget (at least
 * MIN_RUNS per verdict), so a run against Atlas stays within its documented capacity.
 */
const RATE_SHARE = 0.5;
const DELIBERATE = "property-based: a request the spec refuses";

/** Runs of one operation that the rate budget allows: its share of the bucket ÷ the calls one run costs. */
function rateRuns(operation: (typeof operations)[number]): number {
  const limit = operation.rateLimit;
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  const inGroup = operations.filter((o) => o.rateLimit?.group === limit.group).length;
  const projects = serviceAccountPlan().run ? 2 : 1;
  const creates = operations.some((o) => o.method === "delete" && o.linkedFrom?.source === operation);
  // A created resource is removed again (one call more); a removal needs a resource made for it.
  const callsPerRun = 1 + (creates ? 1 : 0) + (operation.method === "delete" && operation.linkedFrom ? 1 : 0);
  return Math.floor((capacityOf(operation) * RATE_SHARE) / inGroup / projects / callsPerRun);
}
const runsOf = (operation: (typeof operations)[number]) =>
  Math.max(2 * MIN_RUNS, Math.min(RUNS, rateRuns(operation)));
/** Ajv with each error's schema node, to read the x-atlas-error next to the broken rule. */
const rules = createSpecValidator(validator.spec, { verbose: true });
const { spec } = validator;

type Schema = Record<string, any>;
const junk = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));

/** Values that keep every rule of the schema (read from the spec, not from a list of operations). */
function valid(schemaRef: unknown): fc.Arbitrary<unknown> {
  const schema = resolveRef(spec, schemaRef) as Schema;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch: unknown) => valid(branch)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "string":
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 40 });
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case "boolean":
      return fc.boolean();
    case "array": {
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) };
      return schema.uniqueItems === true
        ? fc.uniqueArray(valid(schema.items ?? {}), {
            ...constraints,
            selector: (item) => JSON.stringify(item),
          })
        : fc.array(valid(schema.items ?? {}), constraints);
    }
    case "object": {
      const properties = Object.fromEntries(
        Object.entries<unknown>(schema.properties ?? {}).map(([name, property]) => [name, valid(property)]),
      );
      return fc.record(properties, { requiredKeys: schema.required ?? [] });
    }
    default:
      return junk;
  }
}

/** Values near the rules: mostly valid pieces, some of the wrong type, length, bounds or name. */
function mutated(schemaRef: unknown): fc.Arbitrary<unknown> {
  const schema = resolveRef(spec, schemaRef) as Schema;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch: unknown) => mutated(branch)));
  const wrong = { weight: 1, arbitrary: junk };
  const near = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ weight: 6, arbitrary }, wrong);
  if (Array.isArray(schema.enum))
    return near(fc.oneof(fc.constantFrom(...schema.enum), fc.constantFrom("", "NOPE", "org_member")));
  switch (schema.type) {
    case "string":
      return near(
        fc.oneof(
          schema.pattern ? fc.stringMatching(new RegExp(schema.pattern)) : fc.string(),
          fc.string({ maxLength: (schema.maxLength ?? 20) + 10 }),
        ),
      );
    case "boolean":
      return fc.oneof(fc.boolean(), fc.constantFrom("yes", "1", "TRUE", "null"));
    case "integer":
      return near(fc.integer({ min: (schema.minimum ?? -1000) - 3, max: (schema.maximum ?? 1000) + 3 }));
    case "array":
      return near(
        fc.array(mutated(schema.items ?? {}), { maxLength: Math.min((schema.maxItems ?? 4) + 1, 5) }),
      );
    case "object": {
      const properties: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(
        Object.entries<unknown>(schema.properties ?? {}).map(([name, property]) => [name, mutated(property)]),
      );
      return near(fc.record({ ...properties, unknownAttribute: junk }, { requiredKeys: [] }));
    }
    default:
      return near(valid(schema));
  }
}

/** For an operation without a body: its query parameters, valid or near their rules, as URL text. */
function queries(operation: (typeof operations)[number], make: (schema: unknown) => fc.Arbitrary<unknown>) {
  const query = operation.parameters.filter((p) => p.in === "query");
  return fc.record(
    Object.fromEntries(
      query.map((p) => [p.name, make(p.schema).map((v) => (v === null ? "null" : String(v)))]),
    ),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;
}

/**
 * Runs `property` MIN_RUNS times whatever the time, then on up to `runs` in all while `budgetMs`
 * lasts (fast-check's `interruptAfterTimeLimit`; running out of time is not a failure).
 */
async function assertWithin<T>(
  property: fc.IAsyncProperty<T>,
  runs: number,
  budgetMs: number,
): Promise<void> {
  const first = Math.min(runs, MIN_RUNS);
  await fc.assert(property, { numRuns: first });
  if (runs > first) {
    await fc.assert(property, {
      numRuns: runs - first,
      interruptAfterTimeLimit: Math.max(1, Math.round(budgetMs)),
      markInterruptAsFailure: false,
    });
  }
}

/**
 * Half the runs from the generator of valid values, half from the mutated one kept to what Ajv
 * refuses: each verdict is exercised exactly RUNS / 2 times, whatever the seed.
 */
function bothVerdicts<T>(
  validValues: fc.Arbitrary<T>,
  nearValues: fc.Arbitrary<T>,
  accepts: (value: T) => boolean,
): { arbitrary: fc.Arbitrary<T>; expectValid: boolean }[] {
  return [
    { arbitrary: validValues, expectValid: true },
    { arbitrary: nearValues.filter((value) => !accepts(value)), expectValid: false },
  ];
}

describe.runIf(target.servesPrismMocks)(
  `mock verdicts and error codes equal Ajv's and the spec's over up to ${RUNS} generated requests per operation (fewer when the rate budget says so), ${BUDGET_MS / 1000} s in all (${target.name})`,
  () => {
    it.each(operations.map((o) => [operationName(o), o] as const))("%s", async (_, operation) => {
      const seen = { valid: 0, invalid: 0 };
      const half = Math.max(1, Math.floor(runsOf(operation) / 2));
      // Reading or updating needs a resource, not a new one each run: one is made for the operation.
      const path =
        operation.linkedFrom !== undefined && operation.method !== "delete"
          ? await reach(atlas, operation, target.orgId)
          : undefined;
      const call = (options: Parameters<typeof callOperation>[3], valid: boolean) =>
        callOperation(atlas, operation, target.orgId, {
          ...options,
          ...(path ? { path } : {}),
          ...(valid ? {} : { deliberate: DELIBERATE }),
        });
      // Each verdict gets half of the operation's share of the budget.
      const share = BUDGET_MS / operations.length / 2;
      if (operation.requestBody !== undefined) {
        const schema = operation.requestBody.schema;
        const validate = validator.requestBody(operation.path, operation.method);
        // Whatever a run creates carries the suite's marker in its desc, within the desc's limit.
        const maxLength = descMaxLength(operation);
        const mark = (body: unknown) => marked(body, maxLength);
        for (const { arbitrary, expectValid } of bothVerdicts(
          valid(schema).map(mark),
          mutated(schema).map(mark),
          (b) => validate(b) === true,
        )) {
          await assertWithin(
            fc.asyncProperty(arbitrary, async (body) => {
              const ajvAccepts = validate(body) === true;
              expect(ajvAccepts, `the generator made ${JSON.stringify(body)}`).toBe(expectValid);
              seen[ajvAccepts ? "valid" : "invalid"]++;
              const { response, error } = await call({ body }, ajvAccepts);
              expect(response.status, JSON.stringify(body)).toBe(ajvAccepts ? operation.success : 400);
              if (ajvAccepts) expect(response.headers.get("sl-violations")).toBeNull();
              // The error code is one the spec maps (x-atlas-error) for a rule the body breaks.
              else
                expect(
                  bodyErrorCodes(rules, operation.path, operation.method, body),
                  JSON.stringify(body),
                ).toContain((error as { errorCode?: string }).errorCode);
            }),
            half,
            share,
          );
        }
      } else {
        const parameters = operation.parameters.filter((p) => p.in === "query");
        const accepts = (query: Record<string, string>) =>
          parameters.every(
            (p) => !(p.name in query) || validator.compile(p.schema)(fromUrl(p, query[p.name] as string)),
          );
        for (const { arbitrary, expectValid } of bothVerdicts(
          queries(operation, valid),
          queries(operation, mutated),
          accepts,
        )) {
          await assertWithin(
            fc.asyncProperty(arbitrary, async (query) => {
              const ajvAccepts = accepts(query);
              expect(ajvAccepts, `the generator made ${JSON.stringify(query)}`).toBe(expectValid);
              seen[ajvAccepts ? "valid" : "invalid"]++;
              const { response, error } = await call({ query }, ajvAccepts);
              expect(response.status, JSON.stringify(query)).toBe(ajvAccepts ? operation.success : 400);
              if (!ajvAccepts) expect((error as { errorCode?: string }).errorCode).toBe("VALIDATION_ERROR");
            }),
            half,
            share,
          );
        }
      }
      // Both verdicts exercised, each at least MIN_RUNS times (or RUNS / 2 when that is fewer).
      expect(seen.valid).toBeGreaterThanOrEqual(Math.min(half, MIN_RUNS));
      expect(seen.invalid).toBeGreaterThanOrEqual(Math.min(half, MIN_RUNS));
    });
  },
);
