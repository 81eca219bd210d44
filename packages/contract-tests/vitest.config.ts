import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { runsSelfTests, serviceAccountPlan } from "./test/helpers/target-env.js";

const artifacts = process.env.ATLAS_CONTRACT_ARTIFACTS ?? "artifacts";

/**
 * Two sections. The target section (`test/*.test.ts`) runs once per way to authenticate, as the
 * projects `api-key` (HTTP Digest) and `service-account` (OAuth 2.0 client credentials, Bearer),
 * against the contract target: the mock the global setup starts, or ATLAS_CONTRACT_BASE_URL. The
 * service-account project runs only when the target has a service account
 * (test/helpers/target-env.ts says why not, in the output and in coverage.md). The self-tests
 * (`test/self/`, project `self`) start their own mocks and never touch the target: they run only
 * when no external target is named.
 */
const targetFiles = ["test/*.test.ts"];
// Files about one scheme, or about the package rather than the API, run once (with an API key).
const apiKeyOnly = ["test/code-samples.test.ts", "test/readme-example.test.ts"];

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true as const,
    test: { name: "api-key", include: targetFiles, env: { ATLAS_CONTRACT_AUTH: "api-key" } },
  },
  ...(serviceAccountPlan().run
    ? [
        {
          extends: true as const,
          test: {
            name: "service-account",
            include: targetFiles,
            exclude: [...apiKeyOnly, "**/node_modules/**"],
            env: { ATLAS_CONTRACT_AUTH: "service-account" },
          },
        },
      ]
    : []),
  ...(runsSelfTests()
    ? [{ extends: true as const, test: { name: "self", include: ["test/self/**/*.test.ts"] } }]
    : []),
];

export default defineConfig({
  test: {
    // The JSON report feeds the suite's one-line total (scripts/summarize-tests.mjs).
    // ATLAS_TEST_RESULTS moves the report, ATLAS_CONTRACT_ARTIFACTS the JUnit file, coverage matrix
    // and teardown records (the proof test and the benchmark run this suite on a copy of the spec).
    reporters: [
      "default",
      ["json", { outputFile: process.env.ATLAS_TEST_RESULTS ?? `${artifacts}/test-results.json` }],
      ["./test/helpers/junit-reporter.ts", { outputFile: `${artifacts}/junit.xml` }],
      "./test/helpers/coverage-reporter.ts",
    ],
    globalSetup: ["./test/helpers/global-setup.ts"],
    setupFiles: ["./test/helpers/cleanup.ts"],
    // Calls wait for the run's rate budget (Atlas's limits): a test may wait minutes for a refill.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    projects,
  },
});
