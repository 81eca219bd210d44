import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The bundle the tests read: ATLAS_SPEC_BUNDLE (another bundle's openapi.json, for a copy of the
    // spec) or this package's own dist/openapi.json.
    provide: {
      specBundle:
        process.env.ATLAS_SPEC_BUNDLE || fileURLToPath(new URL("dist/openapi.json", import.meta.url)),
    },
    // The JSON report feeds the suite's one-line total (scripts/summarize-tests.mjs).
    reporters: ["default", ["json", { outputFile: "artifacts/test-results.json" }]],
    testTimeout: 30_000,
  },
});
