import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The bundle the tests read: ATLAS_SPEC_BUNDLE (another bundle's openapi.json, for a copy of the
    // spec) or @atlas-admin/spec's own.
    provide: {
      specBundle:
        process.env.ATLAS_SPEC_BUNDLE ||
        createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json"),
    },
    // The JSON report feeds the suite's one-line total (scripts/summarize-tests.mjs).
    reporters: ["default", ["json", { outputFile: "artifacts/test-results.json" }]],
    // Loading Prism takes about a second per test file.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
