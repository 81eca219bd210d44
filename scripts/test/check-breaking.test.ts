// The breaking-change gate is real: each kind of breaking change applied to a copy of the spec
// fails it, unless the client's version is raised and the changelog names the change; compatible
// changes pass. The gate runs on explicit base and revision folders here (no git tag needed).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type OpenApiDocument, operationName, specOperations } from "@atlas-admin/spec-kit";
import { afterAll, describe, expect, it } from "vitest";
import { bundle } from "../breaking/redocly.mjs";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const gate = join(root, "scripts", "check-breaking.mjs");
const tmp = mkdtempSync(join(tmpdir(), "atlas-check-breaking-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder with the current spec/src, the client's package.json and changelog. */
function copy(name: string): string {
  const dir = join(tmp, name);
  cpSync(join(root, "spec", "src"), join(dir, "spec", "src"), { recursive: true });
  mkdirSync(join(dir, "packages", "client"), { recursive: true });
  for (const file of ["package.json", "CHANGELOG.md"])
    cpSync(join(root, "packages", "client", file), join(dir, "packages", "client", file));
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string) {
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(path, after);
}

function release(dir: string, version: string, entry: string) {
  edit(dir, "packages/client/package.json", (t) =>
    t.replace(/"version": "[^"]+"/, `"version": "${version}"`),
  );
  // The new entry goes above the newest one, as in the real changelog.
  edit(dir, "packages/client/CHANGELOG.md", (t) => t.replace(/^## /m, `## ${version}\n\n${entry}\n\n## `));
}

function runGate(revision: string) {
  const result = spawnSync(process.execPath, [gate, "--base", base, "--revision", revision], {
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const base = copy("base");

/** The client's version in the base, the release that may break (the next major, or minor below 1.0) and the next patch. */
const released = (
  JSON.parse(readFileSync(join(base, "packages/client/package.json"), "utf8")) as { version: string }
).version;
const [major = 0, minor = 0, patch = 0] = released.split(".").map(Number);
const nextMinor = major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
const nextPatch = `${major}.${minor}.${patch + 1}`;
const SCHEMAS = "spec/src/components/schemas";
const breaking: [string, string, (dir: string) => void, string][] = [
  [
    "a removed operation",
    "DELETE /orgs/{orgId}/liveMigrations/linkTokens",
    (dir) =>
      edit(dir, "spec/src/paths/orgs_{orgId}_liveMigrations_linkTokens.yaml", (t) =>
        t.slice(0, t.indexOf("delete:")),
      ),
    "DELETE /orgs/{orgId}/liveMigrations/linkTokens",
  ],
  [
    "a narrowed constraint (desc maxLength 250 -> 200)",
    "POST /orgs/{orgId}/apiKeys",
    (dir) =>
      edit(dir, `${SCHEMAS}/ApiKeyDescription.yaml`, (t) => t.replace("maxLength: 250", "maxLength: 200")),
    "maxLength",
  ],
  [
    "a new required request field",
    "POST /orgs/{orgId}/liveMigrations/linkTokens",
    (dir) =>
      edit(dir, `${SCHEMAS}/TargetOrgRequest.yaml`, (t) =>
        t
          .replace("required:\n  - accessListIps", "required:\n  - accessListIps\n  - label")
          .replace(
            "properties:\n",
            "properties:\n  label:\n    type: string\n    description: A label for the link.\n",
          ),
      ),
    "label",
  ],
  [
    "a removed response field",
    "POST /orgs/{orgId}/liveMigrations/linkTokens",
    (dir) =>
      edit(dir, `${SCHEMAS}/TargetOrg.yaml`, (t) =>
        t
          .replace("required:\n  - linkToken\n", "")
          .replace(/ {2}linkToken:\n[\s\S]*$/, "  {}\n")
          .replace("properties:\n  {}", "properties: {}"),
      ),
    "linkToken",
  ],
  [
    "a changed type (pageNum integer -> string)",
    "GET /orgs/{orgId}/apiKeys",
    (dir) =>
      edit(dir, "spec/src/components/parameters/pageNum.yaml", (t) =>
        t
          .replace("type: integer\n  minimum: 1\n  default: 1", 'type: string\n  default: "1"')
          .replace("example: 1", 'example: "1"'),
      ),
    "type",
  ],
];

describe("check-breaking: redocly diff against the last released spec", () => {
  it("passes the spec against itself", () => {
    const result = runGate(copy("same"));
    expect(result.output).toContain("0 breaking");
    expect(result.status).toBe(0);
  });

  it.each(breaking)("fails on %s", (_, operation, apply, detail) => {
    const dir = copy(`breaking-${breaking.findIndex((b) => b[0] === _)}`);
    apply(dir);
    const result = runGate(dir);
    expect(result.status, result.output).toBe(1);
    expect(result.output).toContain(operation);
    expect(result.output).toContain(detail);
  });

  it("passes a breaking change released as a new minor below 1.0 with a changelog entry naming it", () => {
    const dir = copy("released");
    breaking[1]?.[2](dir);
    release(
      dir,
      nextMinor,
      "- Breaking: `POST /orgs/{orgId}/apiKeys` takes a `desc` of at most 200 characters.",
    );
    const result = runGate(dir);
    expect(result.status, result.output).toBe(0);
  });

  it("fails a breaking change whose version is raised but whose changelog entry does not name it", () => {
    const dir = copy("unnamed");
    breaking[0]?.[2](dir);
    release(dir, nextMinor, "- Some changes.");
    const result = runGate(dir);
    expect(result.status, result.output).toBe(1);
    expect(result.output).toContain("does not name: DELETE /orgs/{orgId}/liveMigrations/linkTokens");
  });

  it("fails a breaking change with a changelog entry but only a patch release", () => {
    const dir = copy("patch");
    breaking[0]?.[2](dir);
    release(dir, nextPatch, "- Removed `DELETE /orgs/{orgId}/liveMigrations/linkTokens`.");
    expect(runGate(dir).status).toBe(1);
  });

  it("passes compatible changes: a new optional field and a new operation", () => {
    const dir = copy("compatible");
    edit(dir, `${SCHEMAS}/TargetOrgRequest.yaml`, (t) =>
      t.replace(
        "properties:\n",
        "properties:\n  label:\n    type: string\n    description: A label for the link.\n",
      ),
    );
    cpSync(join(root, "packages", "e2e", "test", "fixtures", "fixture-operation"), join(dir, "spec", "src"), {
      recursive: true,
    });
    edit(dir, "spec/src/openapi.yaml", (t) =>
      t.replace(
        "paths:\n",
        "paths:\n  /orgs/{orgId}/fixtureWidgets:\n    $ref: paths/orgs_{orgId}_fixtureWidgets.yaml\n",
      ),
    );
    const result = runGate(dir);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/0 breaking, [1-9]\d* compatible/);
  });
});

/** The bundled spec of a copy, read with the spec kit. */
async function bundled(dir: string): Promise<OpenApiDocument> {
  const [document] = await bundle([join(dir, "spec", "src", "openapi.yaml")]);
  return document as OpenApiDocument;
}

/** Every YAML file of a copy's spec/src. */
function specFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".yaml")) files.push(path);
    }
  };
  walk(join(dir, "spec", "src"));
  return files;
}

/** The one file of a copy's spec/src whose text matches `pattern`, relative to the copy. */
function fileWith(dir: string, pattern: RegExp): string {
  const found = specFiles(dir).filter((file) => pattern.test(readFileSync(file, "utf8")));
  if (found.length !== 1) throw new Error(`${found.length} files of spec/src match ${pattern}`);
  return relative(dir, found[0] as string);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("check-breaking: the behaviour diff", async () => {
  const spec = await bundled(base);
  const operations = specOperations(spec);
  const create = operations.find((o) => o.operationId === "createApiKey");
  if (create === undefined) throw new Error("the spec has no createApiKey");
  const group = create.rateLimit;
  if (group === undefined) throw new Error("createApiKey has no rate limit");
  const groupOperations = operations.filter((o) => o.rateLimit?.group === group.group).map(operationName);

  /** Lowers the capacity of createApiKey's rate-limit group to a fifth. */
  const lowerCapacity = (dir: string) =>
    edit(dir, "spec/src/openapi.yaml", (t) =>
      t.replace(
        new RegExp(`(- name: ${escapeRegExp(group.group)}\\n[\\s\\S]*?capacity: )${group.capacity}\\b`),
        `$1${Math.floor(group.capacity / 5)}`,
      ),
    );

  it("fails a lowered rate-limit capacity, naming the group, both values and each operation of the group", () => {
    const dir = copy("capacity");
    lowerCapacity(dir);
    const result = runGate(dir);
    expect(result.status, result.output).toBe(1);
    expect(result.output).toContain(
      `rate limit of group "${group.group}": capacity lowered from ${group.capacity} to ${Math.floor(group.capacity / 5)}`,
    );
    for (const operation of groupOperations)
      expect(result.output).toContain(`breaking: ${operation}: rate limit`);
    expect(result.output).toContain("does not name");
  });

  it("passes a lowered capacity released with a changelog entry naming the group's operations", () => {
    const dir = copy("capacity-released");
    lowerCapacity(dir);
    release(
      dir,
      nextMinor,
      `- Breaking: the "${group.group}" rate limit is lower for ${groupOperations.map((o) => `\`${o}\``).join(", ")}.`,
    );
    const result = runGate(dir);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain("allowed");
  });

  it("fails a changed success status (createApiKey's 200 -> 201), by name", () => {
    expect(create.success).toBe(200);
    const dir = copy("success-status");
    const file = fileWith(dir, /operationId: createApiKey\n/);
    edit(dir, file, (t) => {
      const at = t.indexOf("operationId: createApiKey");
      return t.slice(0, at) + t.slice(at).replace('"200":', '"201":');
    });
    const result = runGate(dir);
    expect(result.status, result.output).toBe(1);
    expect(result.output).toContain(
      `breaking: ${operationName(create)}: success status changed from 200 to 201`,
    );
  });

  /** An error status of some operation whose response names two or more examples, and a code only one of them has. */
  const errorCase = operations
    .flatMap((operation) =>
      operation.statuses
        .filter((status) => status >= 400)
        .map((status) => ({
          operation,
          status,
          examples: operation.namedExamples().filter(([s]) => s === status),
        })),
    )
    .find(({ examples }) => examples.length >= 2);
  if (errorCase === undefined) throw new Error("no error response of the spec has two named examples");
  const codeOf = (value: unknown) => (value as { errorCode: string }).errorCode;
  const [, removedName, removedValue] = errorCase.examples.find(
    ([, , value]) => errorCase.examples.filter(([, , v]) => codeOf(v) === codeOf(value)).length === 1,
  ) as [number, string, unknown];
  const removedCode = codeOf(removedValue);

  it("fails a removed documented error code, by operation, status and code", () => {
    const dir = copy("error-code-removed");
    const example = new RegExp(`^( +)${removedName}:\\n\\1  \\$ref: .*\\n`, "m");
    edit(dir, fileWith(dir, example), (t) => t.replace(example, ""));
    const result = runGate(dir);
    expect(result.status, result.output).toBe(1);
    expect(result.output).toContain(
      `breaking: ${operationName(errorCase.operation)}: error code ${removedCode} of status ${errorCase.status} removed`,
    );
  });

  it("passes an added error code as a compatible change", () => {
    const dir = copy("error-code-added");
    const example = new RegExp(`^( +)${removedName}:\\n\\1  \\$ref: .*\\n`, "m");
    edit(dir, fileWith(dir, example), (t) =>
      t.replace(
        example,
        (whole, indent: string) =>
          `${whole}${indent}addedCode:\n${indent}  value: { error: ${errorCase.status}, errorCode: NEWLY_DOCUMENTED }\n`,
      ),
    );
    const result = runGate(dir);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(
      `compatible: ${operationName(errorCase.operation)}: error code NEWLY_DOCUMENTED of status ${errorCase.status} added`,
    );
    expect(result.output).toMatch(/: 0 breaking, [1-9]\d* compatible/);
  });
});
