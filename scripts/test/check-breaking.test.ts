// The breaking-change gate is real: each kind of breaking change applied to a copy of the spec
// fails it, unless the client's version is raised and the changelog names the change; compatible
// changes pass. The gate runs on explicit base and revision folders here (no git tag needed).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

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
