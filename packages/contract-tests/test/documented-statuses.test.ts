import { describe, expect, it } from "vitest";
import { clientFor } from "./helpers/clients.js";
import { covered, recording } from "./helpers/coverage.js";
import { callOperation, operationName, operations, validator } from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";

const target = contractTarget();
// Every status arrives as asked for: a 429 asked for with Prefer is returned, not waited out.
const atlas = clientFor(target, {}, { retry: false });
const apiError = validator.schema("ApiError");

describe.runIf(target.servesPrismMocks)(
  `every documented response of every operation, asked for with Prefer (${target.name})`,
  () => {
    for (const operation of operations) {
      const call = (prefer: string) =>
        callOperation(atlas, operation, target.orgId, { headers: { Prefer: prefer } });
      describe(operationName(operation), () => {
        it("every documented status arrives when asked for", async () => {
          for (const status of operation.statuses) {
            const { response } = await call(`code=${status}`);
            covered(operation, status, null, response.status === status);
            expect(response.status, String(status)).toBe(status);
          }
        });

        const examples = operation.namedExamples();
        it.runIf(examples.length > 0).each(examples.length > 0 ? examples : [[0, "", undefined]])(
          "%i %s arrives with the spec's example",
          (status, name, example) =>
            recording(operation, status, name, async () => {
              const { data, error, response } = await call(`code=${status}, example=${name}`);
              expect(response.status).toBe(status);
              if (status < 300) {
                expect(data).toEqual(example);
                expect(error).toBeUndefined();
                return;
              }
              expect(data).toBeUndefined();
              expect(error).toEqual(example);
              expect(apiError(error), validator.errorsText(apiError)).toBe(true);
              expect((error as { error?: number }).error).toBe(status);
            }),
        );

        const declares = (s: number) => operation.statuses.includes(s);
        it.runIf(declares(401) && declares(429))(
          "401 carries Atlas's Digest challenge; 429 carries Retry-After",
          async () => {
            const unauthorized = await call("code=401");
            expect(unauthorized.response.headers.get("www-authenticate")).toMatch(
              /^Digest realm="MMS Public API", .*qop="auth"/,
            );
            const limited = await call("code=429");
            expect(limited.response.headers.get("retry-after")).toMatch(/^\d+$/);
          },
        );
      });
    }
  },
);
