import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The JSON report feeds the suite's one-line total (scripts/summarize-tests.mjs).
    reporters: ["default", ["json", { outputFile: "artifacts/test-results.json" }]],
    // Each test runs several packages' builds and suites in child processes.
    testTimeout: 600_000,
  },
});
