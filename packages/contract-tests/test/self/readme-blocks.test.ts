/** The mock README's in-process example is, word for word, a test file that runs. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

it("the mock README's in-process example is test/self/mock-readme-example.test.ts", () => {
  const readme = readFileSync(new URL("../../../mock/README.md", import.meta.url), "utf8");
  const block = /<!-- mock-readme-example -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(readFileSync(new URL("./mock-readme-example.test.ts", import.meta.url), "utf8"));
});
