import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The JSON report feeds the suite's one-line total (scripts/summarize-tests.mjs).
    // ATLAS_TEST_RESULTS moves the report, ATLAS_CONTRACT_ARTIFACTS the JUnit file, coverage matrix
    // and teardown counts (the proof test and the benchmark run this suite on a copy of the spec).
    reporters: [
      "default",
      ["json", { outputFile: process.env.ATLAS_TEST_RESULTS ?? "artifacts/test-results.json" }],
      ["junit", { outputFile: `${process.env.ATLAS_CONTRACT_ARTIFACTS ?? "artifacts"}/junit.xml` }],
    ],
    globalSetup: ["./test/helpers/global-setup.ts"],
    setupFiles: ["./test/helpers/cleanup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every contract case runs once per way to authenticate: an API key (HTTP Digest) and a
    // service account (OAuth 2.0 client credentials, Bearer). test/helpers/clients.ts reads the scheme.
    // The files that are about one scheme, or about the package rather than the API, run once.
    projects: [
      { extends: true, test: { name: "api-key", env: { ATLAS_CONTRACT_AUTH: "api-key" } } },
      {
        extends: true,
        test: {
          name: "service-account",
          env: { ATLAS_CONTRACT_AUTH: "service-account" },
          exclude: [
            "test/code-samples.test.ts",
            "test/installed-package.test.ts",
            "test/readme-example.test.ts",
            "test/service-account-mock.test.ts",
            "**/node_modules/**",
          ],
        },
      },
    ],
  },
});
