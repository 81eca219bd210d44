import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { startMock } from "@atlas-admin/mock";
import { loadSpec, type SpecOperation, type SpecRateLimit, specOperations } from "@atlas-admin/spec-kit";
import type { TestProject } from "vitest/node";
import { ARTIFACTS } from "./artifacts.js";
import { budgetScale } from "./budget.js";
import { type BudgetStats, createBudget, startBudgetKeeper } from "./budget-keeper.js";
import { TARGET_PROJECTS } from "./coverage-reporter.js";
import { checkServiceAccount, leftovers, type Registered, removeLeftovers } from "./inventory.js";
import { startFailure } from "./preflight.js";
import type { ContractTarget } from "./target.js";
import { externalTargetSettings, serviceAccountPlan } from "./target-env.js";

/** The bundle the suite reads: ATLAS_SPEC_BUNDLE (a copy of the spec) or @atlas-admin/spec's own. */
const specBundle =
  process.env.ATLAS_SPEC_BUNDLE || createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json");

/**
 * The mock a run starts when no target is named: the mock's defaults (Atlas's rate and token
 * limits included), with credentials of its own so that nothing in the suite leans on the
 * mock's default ones.
 */
const LOCAL = {
  orgId: "5980cfc70b6d12029d82e3f6",
  publicKey: "contractpub",
  privateKey: "7d3a9c1e-5b2f-4e8a-9c6d-0f1e2d3c4b5a",
  clientId: "mdb_sa_id_c0c0c0c0c0c0c0c0c0c0c0c0",
  clientSecret: "mdb_sa_sk_5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e",
};

/**
 * vitest runs the global setup once per project (and once for the root): the run's target,
 * budget and teardown are made by the first call and shared by the others through this slot,
 * so every project of the run talks to one target through one budget, and the last teardown
 * checks what the whole run left.
 */
const SHARED = Symbol.for("atlas-contract-suite.run");
interface Run {
  users: number;
  target: ContractTarget;
  budgetUrl: string;
  teardown(): Promise<void>;
}
type Slot = { [SHARED]?: Promise<Run> };

export default async function setup(project: TestProject) {
  project.provide("specBundle", specBundle);
  // A run of the self-tests alone (`--project self`) talks to no target.
  if (!project.vitest.projects.some((p) => (TARGET_PROJECTS as readonly string[]).includes(p.name))) return;
  const slot = globalThis as Slot;
  slot[SHARED] ??= startRun();
  const run = await slot[SHARED];
  run.users++;
  project.provide("budgetUrl", run.budgetUrl);
  project.provide("contractTarget", run.target);
  return async () => {
    if (--run.users > 0) return;
    delete slot[SHARED];
    await run.teardown();
  };
}

async function startRun(): Promise<Run> {
  const started = Date.now();
  process.env.ATLAS_SPEC_BUNDLE = specBundle;
  for (const folder of ["cleanup/", "created/", "coverage/"])
    rmSync(new URL(folder, ARTIFACTS), { recursive: true, force: true });
  // An earlier run's reports: a run that fails before its tests must not leave them standing.
  for (const file of ["token-cache.json", "coverage.md", "run.json"])
    rmSync(new URL(file, ARTIFACTS), { force: true });
  mkdirSync(ARTIFACTS, { recursive: true });

  const operations = specOperations(loadSpec(specBundle));
  const limits = [
    ...new Map(operations.flatMap((o) => (o.rateLimit ? [[o.rateLimit.group, o.rateLimit]] : []))).values(),
  ] as SpecRateLimit[];
  const scale = budgetScale();
  const budget = createBudget(limits, scale);
  const keeper = await startBudgetKeeper(budget);
  process.env.ATLAS_CONTRACT_BUDGET_URL = keeper.url;
  console.log(
    `[contract] rate budget: ${limits.map((l) => `${l.group} ${Math.floor(l.capacity * scale)} calls + ${l.refill * scale} every ${l.periodSeconds} s per ${l.scope.toLowerCase()}`).join("; ")}${scale === 1 ? " (Atlas's limits)" : ` (the spec's × ${scale})`}`,
  );

  const plan = serviceAccountPlan();
  if (!plan.run) console.log(`[contract] ${plan.reason}`);

  let opened: { target: ContractTarget; stop?: () => Promise<void> } | undefined;
  try {
    opened = await startTarget();
    await checkTarget(opened.target, operations, plan.run);
  } catch (error) {
    await keeper.close();
    await opened?.stop?.();
    const message = startFailure(opened?.target.name ?? "the target", error);
    writeFileSync(
      new URL("run.json", ARTIFACTS),
      JSON.stringify({ target: opened?.target.name, failed: message }, null, 2),
    );
    console.error(message);
    throw new Error(message);
  }
  return runOn(opened.target, opened.stop, { started, budget, keeper, operations });
}

/** The target the environment names, or a mock started for the run on its defaults. */
async function startTarget(): Promise<{ target: ContractTarget; stop?: () => Promise<void> }> {
  let target: ContractTarget;
  let stopMock: (() => Promise<void>) | undefined;
  const external = externalTargetSettings();
  if (external) {
    target = { name: `external target ${external.baseUrl}`, ...external };
    console.log(`[contract] running against ${target.name} (Prism features: ${target.servesPrismMocks})`);
  } else {
    // The mock's own defaults: rate limits, token limits and bounds as a user gets them.
    const mock = await startMock({
      port: 0,
      host: "127.0.0.1",
      specPath: specBundle,
      publicKey: LOCAL.publicKey,
      privateKey: LOCAL.privateKey,
      clientId: LOCAL.clientId,
      clientSecret: LOCAL.clientSecret,
    });
    stopMock = () => mock.close();
    target = { name: `local mock ${mock.url}`, baseUrl: mock.url, servesPrismMocks: true, ...LOCAL };
    console.log(
      "[contract] ATLAS_CONTRACT_BASE_URL is not set: running against a mock started for this run, on its default settings.",
    );
  }
  process.env.ATLAS_CONTRACT_TARGET_NAME = target.name;
  process.env.ATLAS_CONTRACT_PRISM = String(target.servesPrismMocks);
  return { target, stop: stopMock };
}

/**
 * Before any test: what an earlier run left (a run that was killed) is removed, which also shows
 * the API key is taken; the service account, when the run has one, lists with it too.
 * @throws what ./preflight.ts turns into the run's one failure line.
 */
async function checkTarget(target: ContractTarget, operations: SpecOperation[], serviceAccount: boolean) {
  const earlier = await removeLeftovers(target, await leftovers(target, operations, []));
  if (earlier.found > 0)
    console.log(
      `[contract] an earlier run left ${earlier.found} resources with the suite's marker; removed ${earlier.removed}`,
    );
  if (serviceAccount) await checkServiceAccount(target, operations);
}

/** The run on a target that took its credentials: its teardown checks what the run left. */
function runOn(
  target: ContractTarget,
  stopMock: (() => Promise<void>) | undefined,
  run: {
    started: number;
    budget: ReturnType<typeof createBudget>;
    keeper: Awaited<ReturnType<typeof startBudgetKeeper>>;
    operations: SpecOperation[];
  },
): Run {
  const { started, budget, keeper, operations } = run;
  const teardown = async () => {
    try {
      const left = await leftovers(target, operations, createdNotRemoved());
      if (left.length > 0) {
        await removeLeftovers(target, left);
        // vitest reports a global teardown's exception without failing the run: the exit code is set here.
        process.exitCode = 1;
        console.error(
          `[contract] FAILED: the run left ${left.length} resources on ${target.name} after its teardown (removed now):\n${left.map((l) => `  ${l.name}`).join("\n")}`,
        );
      }
      report(
        target,
        budget.stats,
        started,
        left.map((l) => l.name),
      );
    } catch (error) {
      process.exitCode = 1;
      console.error(
        `[contract] FAILED: the final check of what the run left could not run: ${String(error)}`,
      );
    } finally {
      await keeper.close();
      await stopMock?.();
    }
  };
  return { users: 0, target, budgetUrl: keeper.url, teardown };
}

/** Resources the run registered as created and no teardown marked removed, by their path parameters. */
function createdNotRemoved(): Registered[] {
  const dir = new URL("created/", ARTIFACTS);
  const open = new Map<string, Registered>();
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    for (const line of readFileSync(new URL(name, dir), "utf8").split("\n")) {
      if (!line) continue;
      const record = JSON.parse(line) as Registered & { event: string };
      const key = `${record.operationId} ${JSON.stringify(record.path)}`;
      if (record.event === "created") open.set(key, { operationId: record.operationId, path: record.path });
      else open.delete(key);
    }
  }
  return [...open.values()];
}

/** One line on teardown and one on the budget; both also appended to coverage.md. */
function report(target: ContractTarget, stats: BudgetStats, started: number, left: string[]): void {
  let removed = 0;
  const failures: string[] = [];
  const dir = new URL("cleanup/", ARTIFACTS);
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const counts = JSON.parse(readFileSync(new URL(name, dir), "utf8")) as {
      removed: number;
      failures: string[];
    };
    removed += counts.removed;
    failures.push(...counts.failures);
  }
  const lines = [
    `[contract] teardown removed ${removed} resources the run created${failures.length > 0 ? `; ${failures.length} could not be removed` : ""}; ${left.length === 0 ? "nothing of the run's is left on the target" : `**${left.length} were left on the target** (a failure)`}`,
    `[contract] ${target.name}: ${((Date.now() - started) / 1000).toFixed(1)} s; rate budget: ${stats.calls} calls, waits ${(stats.waitedMs / 1000).toFixed(1)} s in all (longest ${(stats.longestWaitMs / 1000).toFixed(1)} s); ${stats.rateLimited} unasked 429s, ${stats.findings.length} of them while the budget allowed the call${stats.findings.length > 0 ? " (the organization's budget was spent before this run, or the target's limit is lower than the spec says)" : ""}`,
  ];
  for (const line of lines) console.log(line);
  writeFileSync(
    new URL("run.json", ARTIFACTS),
    JSON.stringify(
      { target: target.name, seconds: (Date.now() - started) / 1000, removed, ...stats },
      null,
      2,
    ),
  );
  const coverage = new URL("coverage.md", ARTIFACTS);
  if (existsSync(coverage))
    writeFileSync(
      coverage,
      `${readFileSync(coverage, "utf8")}\n${lines.map((l) => l.replace("[contract] ", "- ")).join("\n")}\n`,
    );
  console.log(`[contract] JUnit: ${fileURLToPath(new URL("junit.xml", ARTIFACTS))}`);
}

declare module "vitest" {
  export interface ProvidedContext {
    budgetUrl: string;
  }
}
