import { expectedBodyError } from "@atlas-admin/spec/error-mappings";
import { createSpecValidator } from "@atlas-admin/spec/validator";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientFor } from "./clients.js";
import { API_KEYS, LINK_TOKENS, ORG_ROLES, successStatus, validator } from "./operations.js";
import { contractTarget } from "./target.js";

const target = contractTarget();
const atlas = clientFor();
const RUNS = 500;
/** Ajv with each error's schema node, to read the x-atlas-error next to the broken rule. */
const rules = createSpecValidator(validator.spec, { verbose: true });

const role = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ORG_ROLES) },
  { weight: 1, arbitrary: fc.constantFrom("GROUP_OWNER", "org_member", "", "ORG_OWNER ") },
);
const validApiKeyBody = fc.oneof(
  fc.record({ desc: fc.string({ minLength: 1, maxLength: 250 }) }),
  fc.record({ roles: fc.array(fc.constantFrom(...ORG_ROLES), { minLength: 1, maxLength: 7 }) }),
  fc.record({
    desc: fc.string({ minLength: 1, maxLength: 250 }),
    roles: fc.array(fc.constantFrom(...ORG_ROLES), { minLength: 1, maxLength: 7 }),
  }),
);
const mutatedApiKeyBody = fc.record(
  {
    desc: fc.oneof(fc.string({ maxLength: 260 }), fc.integer(), fc.constant(null)),
    roles: fc.oneof(fc.array(role, { maxLength: 4 }), fc.constantFrom("ORG_MEMBER", 7)),
    extra: fc.oneof(fc.string(), fc.boolean()),
  },
  { requiredKeys: [] },
);
const accessListEntry = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4().map((ip) => `${ip}/24`),
  fc.ipV6().map((ip) => `${ip}/64`),
);
const malformedEntry = fc.oneof(
  fc.constantFrom("999.1.1.1", "not-an-ip", "203.0.113.0/33", "2001:db8::/129", "1.2.3", ""),
  fc.ipV4Extended(),
  fc.string({ maxLength: 12 }),
);
const validLinkTokenBody = fc.record({ accessListIps: fc.array(accessListEntry, { maxLength: 5 }) });
const mutatedLinkTokenBody = fc.record(
  {
    accessListIps: fc.oneof(
      fc.array(fc.oneof(accessListEntry, malformedEntry, fc.integer()), { maxLength: 4 }),
      fc.string(),
    ),
    linkToken: fc.string(),
  },
  { requiredKeys: [] },
);

const operations = [
  {
    name: "Create one organization API key",
    path: API_KEYS,
    bodies: fc.oneof(validApiKeyBody, mutatedApiKeyBody),
    send: (body: unknown) =>
      atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId: target.orgId } }, body: body as never }),
  },
  {
    name: "Create one link-token",
    path: LINK_TOKENS,
    bodies: fc.oneof(validLinkTokenBody, mutatedLinkTokenBody),
    send: (body: unknown) =>
      atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
        params: { path: { orgId: target.orgId } },
        body: body as never,
      }),
  },
];

describe.runIf(target.servesPrismMocks)(
  `mock verdicts and error codes equal Ajv's and the spec's over ${RUNS} generated bodies (${target.name})`,
  () => {
    it("has generators for every operation of the spec that takes a body", () => {
      const withBodies = Object.entries<Record<string, { requestBody?: unknown }>>(validator.spec.paths)
        .filter(([, item]) => item.post?.requestBody !== undefined)
        .map(([path]) => path);
      expect(operations.map((o) => o.path).sort()).toEqual(withBodies.sort());
    });

    it.each(operations)("$name", async ({ path, bodies, send }) => {
      const validate = validator.requestBody(path, "post");
      const success = successStatus(path);
      const seen = { valid: 0, invalid: 0 };
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const ajvAccepts = validate(body) === true;
          seen[ajvAccepts ? "valid" : "invalid"]++;
          const { response, error } = await send(body);
          expect(response.status, JSON.stringify(body)).toBe(ajvAccepts ? success : 400);
          if (ajvAccepts) expect(response.headers.get("sl-violations")).toBeNull();
          // The error code is the one the spec maps (x-atlas-error) for the first broken rule.
          else
            expect((error as { errorCode?: string }).errorCode, JSON.stringify(body)).toBe(
              expectedBodyError(rules, path, "post", body)?.errorCode,
            );
        }),
        { numRuns: RUNS },
      );
      // Both verdicts must be well represented, or the property says little.
      expect(seen.valid + seen.invalid).toBe(RUNS);
      expect(seen.valid).toBeGreaterThan(RUNS / 5);
      expect(seen.invalid).toBeGreaterThan(RUNS / 5);
    });
  },
);
