import type { ApiError } from "@atlas-admin/client";
import { resolveRef } from "@atlas-admin/spec/validator";
import { describe, expect, expectTypeOf, it } from "vitest";
import { clientFor } from "./clients.js";
import { API_KEYS, documentedStatuses, LINK_TOKENS, validator } from "./operations.js";
import { contractTarget } from "./target.js";

const target = contractTarget();
const atlas = clientFor();
const apiError = validator.schema("ApiError");

/** Every named example of every documented response of an operation: [status, example name, value]. */
function namedExamples(path: string): [number, string, unknown][] {
  return documentedStatuses(path).flatMap((status) => {
    const response = resolveRef(validator.spec, validator.spec.paths[path].post.responses[String(status)]);
    return Object.entries<unknown>(response.content["application/json"].examples).map(
      ([name, example]) =>
        [status, name, resolveRef<{ value: unknown }>(validator.spec, example).value] as [
          number,
          string,
          unknown,
        ],
    );
  });
}

const call = {
  [API_KEYS]: (prefer: string) =>
    atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId: target.orgId } },
      body: { desc: "Contract test key" },
      headers: { Prefer: prefer },
    }),
  [LINK_TOKENS]: (prefer: string) =>
    atlas.POST("/orgs/{orgId}/liveMigrations/linkTokens", {
      params: { path: { orgId: target.orgId } },
      body: { accessListIps: ["203.0.113.7"] },
      headers: { Prefer: prefer },
    }),
} as const;

describe.runIf(target.servesPrismMocks)(
  `every documented response, asked for with Prefer (${target.name})`,
  () => {
    for (const path of [API_KEYS, LINK_TOKENS] as const) {
      describe(`POST ${path}`, () => {
        it.each(namedExamples(path))(
          "%i %s arrives with the spec's example",
          async (status, name, example) => {
            const { data, error, response } = await call[path](`code=${status}, example=${name}`);
            expect(response.status).toBe(status);
            if (status < 300) {
              expect(data).toEqual(example);
              expect(error).toBeUndefined();
              return;
            }
            expectTypeOf(error).toEqualTypeOf<ApiError | undefined>();
            expect(data).toBeUndefined();
            expect(error).toEqual(example);
            expect(apiError(error), validator.errorsText(apiError)).toBe(true);
            expect(error?.error).toBe(status);
          },
        );

        it("401 carries Atlas's Digest challenge; 429 carries Retry-After", async () => {
          const unauthorized = await call[path]("code=401");
          expect(unauthorized.response.headers.get("www-authenticate")).toMatch(
            /^Digest realm="MMS Public API", .*qop="auth"/,
          );
          const limited = await call[path]("code=429");
          expect(limited.response.headers.get("retry-after")).toMatch(/^\d+$/);
        });
      });
    }
  },
);
