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
    // ATLAS_TEST_RESULTS moves the report (the proof test runs this suite on a copy of the spec).
    reporters: [
      "default",
      ["json", { outputFile: process.env.ATLAS_TEST_RESULTS ?? "artifacts/test-results.json" }],
    ],
    // Starting Chromium and hydrating a 2.5 MB page takes a few seconds on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
