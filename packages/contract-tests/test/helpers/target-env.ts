/**
 * The environment variables the suite reads, in one place: vitest.config.ts chooses the projects
 * from them and the global setup the target. The contract-tests README lists the same table
 * (test/readme.test.ts compares the two).
 */

/** Every variable the suite reads, with what it means. */
export const VARIABLES = {
  ATLAS_CONTRACT_BASE_URL:
    "the target's API base URL, e.g. `https://cloud.mongodb.com/api/atlas/v1.0`; unset: a mock the run starts for itself",
  ATLAS_CONTRACT_PUBLIC_KEY: "the public key of an API key with the Organization Owner role",
  ATLAS_CONTRACT_PRIVATE_KEY: "its private key",
  ATLAS_CONTRACT_ORG_ID: "the organization to create API keys and link-tokens in (use a disposable one)",
  ATLAS_CONTRACT_CLIENT_ID:
    "a service account's client id with the same role; with the secret, the `service-account` project runs too",
  ATLAS_CONTRACT_CLIENT_SECRET: "its client secret",
  ATLAS_CONTRACT_PRISM: "`true` when the target answers `Prefer` (the mock or its proxy)",
  ATLAS_CONTRACT_ALLOW_WRITES: "`1` to run against `*.mongodb.com`; without it the run refuses to start",
  ATLAS_CONTRACT_RATE_SCALE:
    "multiplies the spec's rate limits for the run's budget (default `1`, Atlas's; `0.5` for a stricter target)",
  ATLAS_CONTRACT_RUNS:
    "property-based runs per operation at most (default `500`; the rate budget may allow fewer)",
  ATLAS_CONTRACT_BUDGET_S: "the property-based file's time budget in seconds (default `60`)",
  ATLAS_CONTRACT_ARTIFACTS: "where the reports go (default `artifacts/` of this package)",
  ATLAS_SPEC_BUNDLE: "a bundled copy of the spec to test instead of `@atlas-admin/spec`'s",
  ATLAS_TEST_RESULTS: "where the JSON test report goes (default `artifacts/test-results.json`)",
} as const;

export type Variable = keyof typeof VARIABLES;

const read = (name: Variable): string | undefined => process.env[name] || undefined;

/** Whether the run has a service account to test with, and if not, why (said in the output and `coverage.md`). */
export function serviceAccountPlan(): { run: true } | { run: false; reason: string } {
  if (read("ATLAS_CONTRACT_BASE_URL") === undefined) return { run: true };
  if (read("ATLAS_CONTRACT_CLIENT_ID") && read("ATLAS_CONTRACT_CLIENT_SECRET")) return { run: true };
  return {
    run: false,
    reason:
      "the service-account project did not run: ATLAS_CONTRACT_CLIENT_ID and ATLAS_CONTRACT_CLIENT_SECRET are not both set",
  };
}

/** Whether the suite's self-tests (files that start their own mock) run: only when no external target is named. */
export function runsSelfTests(): boolean {
  return read("ATLAS_CONTRACT_BASE_URL") === undefined;
}

/** The external target's settings, checked; undefined when ATLAS_CONTRACT_BASE_URL is unset. */
export function externalTargetSettings():
  | {
      baseUrl: string;
      publicKey: string;
      privateKey: string;
      orgId: string;
      clientId: string | undefined;
      clientSecret: string | undefined;
      servesPrismMocks: boolean;
    }
  | undefined {
  const baseUrl = read("ATLAS_CONTRACT_BASE_URL");
  if (baseUrl === undefined) return undefined;
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    throw new Error(`ATLAS_CONTRACT_BASE_URL is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (/(^|\.)mongodb(gov)?\.com$/i.test(host) && read("ATLAS_CONTRACT_ALLOW_WRITES") !== "1") {
    throw new Error(
      `[contract] refusing to start: ${host} is Atlas itself and the suite creates and removes API keys and link-tokens; point it at a disposable organization and set ATLAS_CONTRACT_ALLOW_WRITES=1.`,
    );
  }
  const required = [
    "ATLAS_CONTRACT_PUBLIC_KEY",
    "ATLAS_CONTRACT_PRIVATE_KEY",
    "ATLAS_CONTRACT_ORG_ID",
  ] as const;
  const missing = required.filter((name) => read(name) === undefined);
  if (missing.length > 0) {
    throw new Error(
      `ATLAS_CONTRACT_BASE_URL is set but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not.`,
    );
  }
  const plan = serviceAccountPlan();
  return {
    baseUrl,
    publicKey: read("ATLAS_CONTRACT_PUBLIC_KEY") as string,
    privateKey: read("ATLAS_CONTRACT_PRIVATE_KEY") as string,
    orgId: read("ATLAS_CONTRACT_ORG_ID") as string,
    clientId: plan.run ? read("ATLAS_CONTRACT_CLIENT_ID") : undefined,
    clientSecret: plan.run ? read("ATLAS_CONTRACT_CLIENT_SECRET") : undefined,
    servesPrismMocks: read("ATLAS_CONTRACT_PRISM") === "true",
  };
}
