import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startMock } from "@atlas-admin/mock";
import { loadSpec, specOperations } from "@atlas-admin/spec-kit";
import type { TestProject } from "vitest/node";
import { ARTIFACTS } from "./artifacts.js";
import { clearCoverage, writeCoverageMatrix } from "./coverage.js";
import type { ContractTarget } from "./target.js";

const ORG_ID = "5980cfc70b6d12029d82e3f6";

/** An Atlas-compatible target from the environment, or undefined when none is configured. */
function externalTarget(): ContractTarget | undefined {
  const {
    ATLAS_CONTRACT_BASE_URL,
    ATLAS_CONTRACT_PUBLIC_KEY,
    ATLAS_CONTRACT_PRIVATE_KEY,
    ATLAS_CONTRACT_ORG_ID,
  } = process.env;
  if (!ATLAS_CONTRACT_BASE_URL) return undefined;
  const host = new URL(ATLAS_CONTRACT_BASE_URL).hostname;
  if (/(^|\.)mongodb(gov)?\.com$/i.test(host) && process.env.ATLAS_CONTRACT_ALLOW_WRITES !== "1") {
    throw new Error(
      `[contract] refusing to start: ${host} is Atlas itself and the suite creates and removes API keys and link-tokens; point it at a disposable organization and set ATLAS_CONTRACT_ALLOW_WRITES=1.`,
    );
  }
  const missing = Object.entries({
    ATLAS_CONTRACT_PUBLIC_KEY,
    ATLAS_CONTRACT_PRIVATE_KEY,
    ATLAS_CONTRACT_ORG_ID,
  })
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(
      `ATLAS_CONTRACT_BASE_URL is set but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not.`,
    );
  }
  return {
    name: `external target ${ATLAS_CONTRACT_BASE_URL}`,
    baseUrl: ATLAS_CONTRACT_BASE_URL,
    publicKey: ATLAS_CONTRACT_PUBLIC_KEY as string,
    privateKey: ATLAS_CONTRACT_PRIVATE_KEY as string,
    orgId: ATLAS_CONTRACT_ORG_ID as string,
    clientId: process.env.ATLAS_CONTRACT_CLIENT_ID || undefined,
    clientSecret: process.env.ATLAS_CONTRACT_CLIENT_SECRET || undefined,
    servesPrismMocks: process.env.ATLAS_CONTRACT_PRISM === "true",
  };
}

/** The bundle the suite reads: ATLAS_SPEC_BUNDLE (a copy of the spec) or @atlas-admin/spec's own. */
const specBundle =
  process.env.ATLAS_SPEC_BUNDLE || createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json");

export default async function setup(project: TestProject) {
  project.provide("specBundle", specBundle);
  clearCoverage();
  rmSync(CLEANUP, { recursive: true, force: true });
  const external = externalTarget();
  if (external) {
    console.log(`[contract] running against ${external.name} (Prism features: ${external.servesPrismMocks})`);
    project.provide("contractTarget", external);
    return () => report(external);
  }
  console.log(
    "[contract] ATLAS_CONTRACT_BASE_URL is not set: the suite against an external Atlas target is SKIPPED; running it against the local mock.",
  );
  const publicKey = "contractpub";
  const privateKey = "7d3a9c1e-5b2f-4e8a-9c6d-0f1e2d3c4b5a";
  // Each test file makes its own client, so its own token: Atlas's token limits (10 a minute,
  // 100 active) are raised here and tested on their own (mock and client tests).
  const mock = await startMock({
    port: 0,
    host: "127.0.0.1",
    publicKey,
    privateKey,
    tokenRateLimit: 100_000,
    maxActiveTokens: 100_000,
    // The suite sends thousands of requests to one organization: Atlas's per-organization limits
    // are tested on their own (test/rate-limits.test.ts, mock tests).
    rateLimits: false,
    // A copy of the spec (the fixture-operation proof, the scale benchmark) is served when named.
    specPath: specBundle,
  });
  project.provide("contractTarget", {
    name: `local mock ${mock.url}`,
    baseUrl: mock.url,
    publicKey,
    privateKey,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    orgId: ORG_ID,
    servesPrismMocks: true,
  });
  return async () => {
    report({ name: `local mock ${mock.url}`, servesPrismMocks: true });
    await mock.close();
  };
}

const CLEANUP = new URL("cleanup/", ARTIFACTS);

/** One line on what teardown removed, and the coverage matrix of the run. */
function report(target: { name: string; servesPrismMocks: boolean }): void {
  let removed = 0;
  const failures: string[] = [];
  for (const name of existsSync(CLEANUP) ? readdirSync(CLEANUP) : []) {
    const counts = JSON.parse(readFileSync(new URL(name, CLEANUP), "utf8")) as {
      removed: number;
      failures: string[];
    };
    removed += counts.removed;
    failures.push(...counts.failures);
  }
  const cleanup = `removed ${removed} resources the suite created${failures.length > 0 ? `; ${failures.length} could not be removed` : ""}`;
  console.log(`[contract] teardown ${cleanup}`);
  const matrix = writeCoverageMatrix(specOperations(loadSpec(specBundle)), target, cleanup);
  console.log(`[contract] coverage: ${matrix}; JUnit: ${fileURLToPath(new URL("junit.xml", ARTIFACTS))}`);
}
