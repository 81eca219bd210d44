import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { specOperations } from "@atlas-admin/spec-kit";
import { describe, expect, it } from "vitest";
import { SpecLoadError, startMock } from "../src/index.js";
import { bundledSpecPath, loadOperations } from "../src/prism/load-operations.js";
import { spec } from "./helpers/spec.js";

const FIX = "npm run build";

async function tempFile(name: string, content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "atlas-mock-")), name);
  await writeFile(path, content);
  return path;
}

describe("loading the spec", () => {
  it("finds the bundle of @atlas-admin/spec and reads every operation of it", async () => {
    expect(bundledSpecPath()).toMatch(/spec[/\\]dist[/\\]openapi\.json$/);
    const operations = await loadOperations();
    const operationIds = specOperations(spec).map((o) => o.operationId);
    expect(operations.map((o) => o.iid).sort()).toEqual(operationIds.sort());
  });

  it("also serves the YAML bundle", async () => {
    const operations = await loadOperations(bundledSpecPath().replace(/\.json$/, ".yaml"));
    expect(operations).toHaveLength(specOperations(spec).length);
  });

  it("names the fix when the bundle is missing", async () => {
    const failure = startMock({ port: 0, specPath: "/nonexistent/openapi.json" });
    await expect(failure).rejects.toThrow(SpecLoadError);
    await expect(failure).rejects.toThrow(FIX);
  });

  it("names the fix when the bundle is not JSON", async () => {
    await expect(loadOperations(await tempFile("openapi.json", '{"openapi": '))).rejects.toThrow(
      /not valid JSON.*npm run build/,
    );
  });

  it("names the fix when the bundle is not an OpenAPI document", async () => {
    await expect(loadOperations(await tempFile("openapi.json", '{"hello": "world"}'))).rejects.toThrow(
      /not an OpenAPI document.*npm run build/,
    );
  });
});
