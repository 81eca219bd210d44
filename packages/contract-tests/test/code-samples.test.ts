/**
 * Every code sample the reference page publishes (`x-codeSamples` of each operation, which the
 * page's builder adds with @atlas-admin/docs/code-samples to its copy of the bundle) runs against the mock as a reader would run it: the curl
 * samples in bash with only Atlas's origin changed to the mock's, the TypeScript ones compiled
 * with tsc (strict) against @atlas-admin/client and run with Node, with only `ATLAS_BASE_URL` set.
 * No published sample can rot.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { addCodeSamples, type CodeSample } from "@atlas-admin/docs/code-samples";
import { exampleParameters } from "@atlas-admin/spec-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor } from "./helpers/clients.js";
import { callOperation, operations, validator } from "./helpers/operations.js";
import { contractTarget } from "./helpers/target.js";

const run = promisify(execFile);
const target = contractTarget();
const ATLAS_ORIGIN = "https://cloud.mongodb.com";
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
// Inside this package, so `@atlas-admin/client` resolves as it does for a user.
const folder = fileURLToPath(new URL("../.code-samples/", import.meta.url));

/** The spec as the page shows it: every operation with its samples. */
const published = addCodeSamples(structuredClone(validator.spec));
const samplesOf = (operation: (typeof operations)[number]): CodeSample[] =>
  (published.paths[operation.path]?.[operation.method] as { "x-codeSamples"?: CodeSample[] } | undefined)?.[
    "x-codeSamples"
  ] ?? [];

const env = () => ({
  ...process.env,
  ATLAS_PUBLIC_KEY: target.publicKey,
  ATLAS_PRIVATE_KEY: target.privateKey,
  ATLAS_CLIENT_ID: target.clientId ?? "",
  ATLAS_CLIENT_SECRET: target.clientSecret ?? "",
  ATLAS_BASE_URL: `${new URL(target.baseUrl).origin}/api/atlas/v1.0`,
});

/**
 * A sample of an operation that acts on what another one creates names the spec's example id: the
 * resource is created first (through the linking operation) and its id put in the sample's place.
 */
async function reachable(operation: (typeof operations)[number], text: string): Promise<string> {
  const link = operation.linkedFrom;
  if (link === undefined) return text;
  const { data } = await callOperation(clientFor(), link.source, target.orgId);
  const examples = exampleParameters(operation).path;
  let result = text;
  for (const [name, field] of Object.entries(link.fields)) {
    result = result.replaceAll(String(examples[name]), String((data as Record<string, unknown>)[field]));
  }
  return result;
}

/** What a sample prints on success: the body of the operation's success response, or its status. */
function expectSuccessOutput(operation: (typeof operations)[number], stdout: string) {
  const hasBody = operation.response(operation.success)?.content !== undefined;
  if (!hasBody) {
    expect(stdout.trim()).toMatch(/^(204)?$/);
    return;
  }
  const validate = validator.response(operation.path, operation.method, operation.success);
  expect(validate(JSON.parse(stdout)), JSON.stringify(validate.errors)).toBe(true);
}

describe.runIf(target.servesPrismMocks)("the published code samples, run against the mock", () => {
  const typescript = operations.map((operation) => ({
    operation,
    file: `${operation.operationId}.mts`,
    sample: samplesOf(operation).find((s) => s.lang === "TypeScript"),
  }));

  beforeAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    for (const { file, sample } of typescript) if (sample) writeFileSync(join(folder, file), sample.source);
    writeFileSync(
      join(folder, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          types: ["node"],
          outDir: "out",
          skipLibCheck: true,
        },
        include: ["*.mts"],
      }),
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("every operation publishes curl with an API key, curl with a service account, and TypeScript", () => {
    for (const operation of operations) {
      expect(
        samplesOf(operation).map((s) => s.label),
        operation.operationId,
      ).toEqual(["curl (API key)", "curl (service account)", "TypeScript"]);
    }
  });

  it.each(
    operations.flatMap((operation) =>
      samplesOf(operation)
        .filter((sample) => sample.lang === "curl")
        .map((sample) => [`${sample.label} of ${operation.operationId}`, operation, sample] as const),
    ),
  )("%s runs as published", async (_, operation, sample) => {
    const script = await reachable(
      operation,
      sample.source.replaceAll(ATLAS_ORIGIN, new URL(target.baseUrl).origin),
    );
    const { stdout } = await run("bash", ["-e", "-o", "pipefail", "-c", script], { env: env() });
    expectSuccessOutput(operation, stdout);
  });

  it("the TypeScript samples compile under tsc --strict", async () => {
    const result = await run(process.execPath, [tsc, "-p", folder]).catch(
      (error: { stdout?: string; stderr?: string }) => error,
    );
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  });

  it.each(typescript.map(({ operation, file }) => [operation.operationId, operation, file] as const))(
    "the TypeScript sample of %s runs as published",
    async (_, operation, file) => {
      const compiled = join(folder, "out", file.replace(/\.mts$/, ".mjs"));
      const runnable = join(folder, "out", `reachable-${file.replace(/\.mts$/, ".mjs")}`);
      writeFileSync(runnable, await reachable(operation, readFileSync(compiled, "utf8")));
      const { stdout } = await run(process.execPath, [runnable], { env: env() });
      expectSuccessOutput(operation, stdout);
    },
  );
});
