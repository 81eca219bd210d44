import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const specRoot = fileURLToPath(new URL("..", import.meta.url));
const redocly = join(specRoot, "node_modules", ".bin", "redocly");
const env = {
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  NO_COLOR: "1",
};

async function lint(root: string) {
  const args = [
    "lint",
    "--config",
    join(specRoot, "redocly.yaml"),
    "--format",
    "stylish",
    join(root, "openapi.yaml"),
  ];
  try {
    const { stdout, stderr } = await run(redocly, args, { env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

async function editCopy(root: string, file: string, edit: (text: string) => string) {
  const path = join(root, file);
  const before = await readFile(path, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

describe("the lint gate", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "spec-lint-"));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function copyOfSpec(name: string) {
    const root = join(work, name);
    await cp(join(specRoot, "src"), root, { recursive: true });
    return root;
  }

  it("passes the spec with zero errors and zero warnings", async () => {
    const { code, output } = await lint(join(specRoot, "src"));
    expect(output).toContain("Your API description is valid");
    expect(output).not.toMatch(/\d+:\d+\s+warning/);
    expect(code).toBe(0);
  }, 60_000);

  it("fails a copy whose example breaks its schema", async () => {
    const root = await copyOfSpec("bad-example");
    await editCopy(root, "components/examples/LinkToken.yaml", (t) =>
      t.replace(/linkToken: .*/, "linkToken: [string]"),
    );
    const { code, output } = await lint(root);
    expect(code).not.toBe(0);
    expect(output).toContain("no-invalid-media-type-examples");
  }, 60_000);

  it("fails a copy with a snake_case operationId and an undescribed property", async () => {
    const root = await copyOfSpec("bad-names");
    await editCopy(root, "paths/orgs_{orgId}_apiKeys.yaml", (t) =>
      t.replace("operationId: createApiKey", "operationId: create_api_key"),
    );
    await editCopy(root, "components/schemas/Link.yaml", (t) =>
      t.replace("    description: URL of the related resource.\n", ""),
    );
    const { code, output } = await lint(root);
    expect(code).not.toBe(0);
    expect(output).toContain("rule/operationId-camel-case");
    expect(output).toContain("rule/schema-property-description");
  }, 60_000);

  it("fails a copy without the 401 challenge header", async () => {
    const root = await copyOfSpec("no-challenge");
    await editCopy(root, "components/responses/Unauthorized.yaml", (t) =>
      t.replace("headers:\n  WWW-Authenticate:\n    $ref: ../headers/WWW-Authenticate.yaml\n", ""),
    );
    const { code, output } = await lint(root);
    expect(code).not.toBe(0);
    expect(output).toContain("response-contains-header");
  }, 60_000);

  it("fails a malformed YAML file with its location", async () => {
    const root = await copyOfSpec("malformed");
    await editCopy(root, "components/schemas/ApiError.yaml", (t) =>
      t.replace("required:\n", "required: [\n"),
    );
    const { code, output } = await lint(root);
    expect(code).not.toBe(0);
    expect(output).toMatch(/ApiError\.yaml/);
  }, 60_000);
});
