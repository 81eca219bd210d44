import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Loading Prism takes about a second per test file.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
