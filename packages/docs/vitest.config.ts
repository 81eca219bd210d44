import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
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
