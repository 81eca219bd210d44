/**
 * Every code sample the reference page and llms.txt publish (@atlas-admin/docs/code-samples) runs
 * as printed against the target, the way a reader runs it: curl in bash, Python with Debian's
 * `python3` (`python3-requests`), TypeScript compiled with tsc under the config `tsc --init`
 * writes and under `--strict`, then run with Node. Only environment variables change: the base
 * URL, the credentials, one service-account token shared by every sample process, and the id of
 * a resource this file created first for a sample that reads, updates or removes one. What a
 * create sample makes is removed at the end of the file through the operation the spec links.
 * The last test checks packages/docs/sample-runs.json, the record the docs build publishes from.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { MOCK_CREDENTIALS, parameterVariable, samplesGuide } from "@atlas-admin/docs/code-samples";
import {
  type PublishedSample,
  publishedSamples,
  RECORD_COMMAND,
  readSampleRuns,
  sampleRunsRecord,
  writeSampleRuns,
} from "@atlas-admin/docs/sample-runs";
import * as mockDefaults from "@atlas-admin/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf, takeBudget } from "./helpers/budget.js";
import { clientFor } from "./helpers/clients.js";
import {
  callOperation,
  operations,
  registerCreated,
  type SpecOperation,
  validator,
} from "./helpers/operations.js";
import { bundlePath } from "./helpers/spec.js";
import { contractTarget } from "./helpers/target.js";
import { runAccessToken, TOKEN_CACHE_FILE } from "./helpers/token-cache.js";

const run = promisify(execFile);
const target = contractTarget();
/** Debian's Python 3 (`python3`, `python3-requests`; scripts/ensure-debian-packages.mjs installs both). */
const PYTHON = process.env.PYTHON3_PATH ?? "/usr/bin/python3";
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
/** Each sample process gets this long (ms); a sample makes at most three requests. */
const SAMPLE_TIMEOUT_MS = 30_000;
// Inside this package, so `@atlas-admin/client` and `@types/node` resolve as they do for a user.
const folder = fileURLToPath(new URL("../.code-samples/", import.meta.url));

/** The bundle as published (its digest keys the record) and every sample it publishes. */
const bundle = JSON.parse(readFileSync(bundlePath, "utf8"));
const samples = publishedSamples(bundle);
const operationOf = (sample: PublishedSample): SpecOperation => {
  const operation = operations.find((o) => o.operationId === sample.operationId);
  if (operation === undefined) throw new Error(`no operation ${sample.operationId} in the spec`);
  return operation;
};
const tsFile = (sample: PublishedSample) => `${sample.operationId}.mts`;

/** The API's base URL on the target: the target's own, or its origin with the spec's server path. */
const serverPath = new URL(bundle.servers?.[0]?.url ?? "http://x/api/atlas/v1.0").pathname.replace(/\/$/, "");
const baseUrl =
  new URL(target.baseUrl).pathname.replace(/\/$/, "") === ""
    ? `${new URL(target.baseUrl).origin}${serverPath}`
    : target.baseUrl.replace(/\/$/, "");

/** One service-account token for every sample process of the file (Atlas: 10 token requests a minute). */
let accessToken = "";

/** The variables every sample reads; `extra` adds path parameters and may drop the token. */
function sampleEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ATLAS_BASE_URL: baseUrl,
    ATLAS_PUBLIC_KEY: target.publicKey,
    ATLAS_PRIVATE_KEY: target.privateKey,
    ATLAS_CLIENT_ID: target.clientId ?? "",
    ATLAS_CLIENT_SECRET: target.clientSecret ?? "",
    ATLAS_ACCESS_TOKEN: accessToken,
    ATLAS_TOKEN_CACHE: TOKEN_CACHE_FILE,
    ATLAS_ORG_ID: target.orgId,
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/** Runs one sample as printed: bash, python3, or the compiled TypeScript with Node. */
async function runSample(sample: PublishedSample, env: NodeJS.ProcessEnv): Promise<string> {
  // The sample's call is the run's too: it takes its call from the rate budget first.
  const bucket = bucketOf(operationOf(sample), { orgId: env.ATLAS_ORG_ID ?? target.orgId });
  if (bucket !== undefined) await takeBudget(bucket);
  const options = { env, timeout: SAMPLE_TIMEOUT_MS, maxBuffer: 1024 * 1024 };
  if (sample.label.startsWith("curl")) {
    return (await run("bash", ["-e", "-o", "pipefail", "-c", sample.source], options)).stdout;
  }
  if (sample.label.startsWith("Python")) return (await run(PYTHON, ["-c", sample.source], options)).stdout;
  const compiled = join(folder, "out", tsFile(sample).replace(/\.mts$/, ".mjs"));
  return (await run(process.execPath, [compiled], options)).stdout;
}

/**
 * The path variables of a sample of `operation`: for one that acts on what another operation
 * creates (an OpenAPI link), that one is called first and its body fills them.
 */
async function variablesFor(operation: SpecOperation): Promise<Record<string, string>> {
  const link = operation.linkedFrom;
  if (link === undefined) return {};
  const { data, response } = await callOperation(clientFor(), link.source, target.orgId);
  expect(response.status, `${link.source.operationId} before ${operation.operationId}`).toBe(
    link.source.success,
  );
  return Object.fromEntries(
    Object.entries(link.fields).map(([name, field]) => [
      parameterVariable(name),
      String((data as Record<string, unknown>)[field]),
    ]),
  );
}

/**
 * Runs a sample and checks what it printed: the success body, valid against the spec (or the
 * status, for a success without a body). What it created is registered for removal first.
 */
async function checkSample(sample: PublishedSample, env: NodeJS.ProcessEnv): Promise<void> {
  const operation = operationOf(sample);
  const stdout = await runSample(sample, env);
  if (operation.response(operation.success)?.content === undefined) {
    expect(stdout.trim()).toMatch(new RegExp(`^(${operation.success})?$`));
    return;
  }
  const body: unknown = JSON.parse(stdout);
  registerCreated(operation.method, operation.path, operation.success, { orgId: target.orgId }, body);
  const validate = validator.response(operation.path, operation.method, operation.success);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

/** The text of every sample whose run passed in this file. */
const passed = new Set<string>();

describe("the published code samples, run as printed", () => {
  beforeAll(async () => {
    if (target.clientId !== undefined) {
      // The run's one token (every file and sample shares it): one call of a service-account
      // client of the run puts it in the run's token cache if no file has yet.
      const sa = clientFor(target, {}, { scheme: "service-account" });
      const first = operations.find((o) => o.method === "get" && o.linkedFrom === undefined);
      if (first !== undefined) await callOperation(sa, first, target.orgId);
      accessToken = (await runAccessToken(target)) ?? "";
      if (accessToken === "") throw new Error("the run's service-account token is not in its token cache");
    }
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    for (const sample of samples.filter((s) => s.label === "TypeScript"))
      writeFileSync(join(folder, tsFile(sample)), sample.source);
    // The config a new project gets (`tsc --init`), and the strict one that emits the runnable files.
    await run(process.execPath, [tsc, "--init"], { cwd: folder });
    writeFileSync(
      join(folder, "tsconfig.strict.json"),
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

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("every operation publishes curl, Python and TypeScript, curl and Python both ways", () => {
    for (const operation of operations) {
      expect(
        samples.filter((s) => s.operationId === operation.operationId).map((s) => s.label),
        operation.operationId,
      ).toEqual([
        "curl (API key)",
        "curl (service account)",
        "Python (API key)",
        "Python (service account)",
        "TypeScript",
      ]);
    }
  });

  it("the TypeScript samples compile under the config `tsc --init` writes", async () => {
    const config = readFileSync(join(folder, "tsconfig.json"), "utf8");
    expect(config).toMatch(/"exactOptionalPropertyTypes": true/);
    const result = await run(process.execPath, [tsc, "-p", folder, "--noEmit"]).catch(
      (error: { stdout?: string; stderr?: string }) => error,
    );
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  });

  it("the TypeScript samples compile under tsc --strict", async () => {
    const result = await run(process.execPath, [tsc, "-p", join(folder, "tsconfig.strict.json")]).catch(
      (error: { stdout?: string; stderr?: string }) => error,
    );
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  });

  it.each(samples.map((sample) => [sample.label, sample.operationId, sample] as const))(
    "%s of %s runs as printed",
    async (_, __, sample) => {
      await checkSample(sample, sampleEnv(await variablesFor(operationOf(sample))));
      passed.add(sample.source);
    },
  );

  it.each(
    samples
      .filter((s) => s.label.endsWith("(service account)") && operationOf(s).linkedFrom === undefined)
      .filter((s, index, all) => all.findIndex((o) => o.label === s.label) === index)
      .map((sample) => [sample.label, sample.operationId, sample] as const),
  )("%s of %s requests its own token when ATLAS_ACCESS_TOKEN is unset", async (_, __, sample) => {
    await checkSample(sample, sampleEnv({ ATLAS_ACCESS_TOKEN: undefined }));
  });

  describe("a sample edited to break fails", () => {
    const sample = samples.find(
      (s) =>
        s.label === "Python (API key)" &&
        operationOf(s).linkedFrom === undefined &&
        operationOf(s).method === "get" &&
        operationOf(s).response(operationOf(s).success)?.content !== undefined,
    ) as PublishedSample;

    it("with a wrong path (the server's error ends it)", async () => {
      const broken = { ...sample, source: sample.source.replace("/orgs/", "/orgz/") };
      expect(broken.source).not.toBe(sample.source);
      await expect(checkSample(broken, sampleEnv())).rejects.toThrow(/404/);
    });

    it("printing a body the spec does not allow", async () => {
      const broken = {
        ...sample,
        source: sample.source.replace("json.dumps(response.json(), indent=2)", 'json.dumps({"results": 1})'),
      };
      expect(broken.source).not.toBe(sample.source);
      await expect(checkSample(broken, sampleEnv())).rejects.toThrow();
    });

    it("with a wrong private key (Digest fails)", async () => {
      await expect(checkSample(sample, sampleEnv({ ATLAS_PRIVATE_KEY: "wrong" }))).rejects.toThrow(/401/);
    });
  });

  it("the page's guide names the mock's defaults, and its exports run a sample against a mock", async () => {
    expect(MOCK_CREDENTIALS).toEqual({
      ATLAS_PUBLIC_KEY: mockDefaults.DEFAULT_PUBLIC_KEY,
      ATLAS_PRIVATE_KEY: mockDefaults.DEFAULT_PRIVATE_KEY,
      ATLAS_CLIENT_ID: mockDefaults.DEFAULT_CLIENT_ID,
      ATLAS_CLIENT_SECRET: mockDefaults.DEFAULT_CLIENT_SECRET,
    });
    const exported = /`export ([^`]+)`/.exec(samplesGuide(bundle))?.[1] ?? "";
    const variables = Object.fromEntries(
      exported.split(" ").map((pair) => pair.split("=") as [string, string]),
    );
    expect(variables.ATLAS_BASE_URL).toBe(
      `http://${mockDefaults.OPTIONS.host.default}:${mockDefaults.OPTIONS.port.default}${serverPath}`,
    );
    // A mock as `npm run mock` starts it (its defaults), on a free port instead of 4010.
    const mock = await mockDefaults.startMock({ port: 0, specPath: bundlePath });
    try {
      const port = String(mockDefaults.OPTIONS.port.default);
      const env = {
        PATH: process.env.PATH,
        ...variables,
        ATLAS_BASE_URL: variables.ATLAS_BASE_URL?.replace(`:${port}`, `:${new URL(mock.url).port}`),
      };
      const plain = samples.filter(
        (s) => operationOf(s).linkedFrom === undefined && operationOf(s).method === "get",
      );
      for (const sample of plain.filter((s) => s.label.startsWith("curl") || s.label.startsWith("Python"))) {
        const stdout = await runSample(sample, env);
        const validate = validator.response(operationOf(sample).path, "get", operationOf(sample).success);
        expect(validate(JSON.parse(stdout)), `${sample.label}: ${JSON.stringify(validate.errors)}`).toBe(
          true,
        );
      }
    } finally {
      await mock.close();
    }
  });

  // Last: it reads what the tests above recorded.
  it("packages/docs/sample-runs.json records exactly the samples that passed, for this spec", () => {
    const record = sampleRunsRecord(bundle, passed);
    expect(Object.keys(record.samples), "every published sample passed").toHaveLength(samples.length);
    if (process.env.ATLAS_RECORD_SAMPLE_RUNS === "1") writeSampleRuns(record);
    expect(readSampleRuns(), `the record is out of date; run: ${RECORD_COMMAND}`).toEqual(record);
  });
});
