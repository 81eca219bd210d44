import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The JSON report feeds the suite's one-line total (scripts/summarize-tests.mjs).
    reporters: ["default", ["json", { outputFile: "artifacts/test-results.json" }]],
    testTimeout: 30_000,
  },
});
