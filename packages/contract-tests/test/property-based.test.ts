import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientFor } from "./clients.js";
import { API_KEYS, LINK_TOKENS, ORG_ROLES, validator } from "./operations.js";
import { contractTarget } from "./target.js";

const target = contractTarget();
const atlas = clientFor();
const RUNS = 500;

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
);
const validLinkTokenBody = fc.record({ accessListIps: fc.array(accessListEntry, { maxLength: 5 }) });
const mutatedLinkTokenBody = fc.record(
  {
    accessListIps: fc.oneof(fc.array(fc.oneof(accessListEntry, fc.integer()), { maxLength: 4 }), fc.string()),
    linkToken: fc.string(),
  },
  { requiredKeys: [] },
);

/** For every generated body, the mock's verdict (2xx or 400) equals Ajv's verdict on the spec's schema. */
async function checkVerdicts(
  path: string,
  bodies: fc.Arbitrary<unknown>,
  send: (body: unknown) => Promise<Response>,
) {
  const validate = validator.requestBody(path, "post");
  const seen = { valid: 0, invalid: 0 };
  await fc.assert(
    fc.asyncProperty(bodies, async (body) => {
      const ajvAccepts = validate(body) === true;
      seen[ajvAccepts ? "valid" : "invalid"]++;
      const response = await send(body);
      expect(response.status, JSON.stringify(body)).toBe(ajvAccepts ? (path === API_KEYS ? 200 : 201) : 400);
      if (ajvAccepts) expect(response.headers.get("sl-violations")).toBeNull();
    }),
    { numRuns: RUNS },
  );
  return seen;
}

describe.runIf(target.servesPrismMocks)(
  `mock verdicts equal Ajv verdicts over ${RUNS} generated bodies (${target.name})`,
  () => {
    it("Create one organization API key", async () => {
      const seen = await checkVerdicts(
        API_KEYS,
        fc.oneof(validApiKeyBody, mutatedApiKeyBody),
        async (body) =>
          (
            await atlas.POST("/orgs/{orgId}/apiKeys", {
              params: { path: { orgId: target.orgId } },
              body: body as never,
            })
          ).response,
      );
      expect(seen.valid + seen.invalid).toBe(RUNS);
      expect(seen.valid).toBeGreaterThan(RUNS / 5);
      expect(seen.invalid).toBeGreaterThan(RUNS / 5);
    });

    it("Create one link-token", async () => {
      const seen = await checkVerdicts(
        LINK_TOKENS,
        fc.oneof(validLinkTokenBody, mutatedLinkTokenBody),
        async (body) =>
          (
            await atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
              params: { path: { orgId: target.orgId } },
              body: body as never,
            })
          ).response,
      );
      expect(seen.valid + seen.invalid).toBe(RUNS);
      expect(seen.valid).toBeGreaterThan(RUNS / 5);
      expect(seen.invalid).toBeGreaterThan(RUNS / 5);
    });
  },
);
