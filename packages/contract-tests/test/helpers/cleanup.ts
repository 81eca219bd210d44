/**
 * Teardown of every test file (vitest `setupFiles`): removes, through the operations the spec
 * links for it, everything the file created (also when its tests failed), waiting for the rate
 * budget like every other call, and counts it in `artifacts/cleanup/<project>-<pid>.json`;
 * `global-setup.ts` sums the counts and checks a listing of the organization at the end of the run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll } from "vitest";
import { ARTIFACTS } from "./artifacts.js";
import { authScheme, clientFor } from "./clients.js";
import { callOperation, created, remember, unknownIdAnswer } from "./operations.js";
import { contractTarget } from "./target.js";

afterAll(async () => {
  if (created.length === 0) return;
  const target = contractTarget();
  const atlas = clientFor();
  let removed = 0;
  const failures: string[] = [];
  for (const { remove, path } of created.splice(0).reverse()) {
    const { response, error } = await callOperation(atlas, remove, target.orgId, { path });
    // A test removed it already: the spec's answer to an unknown id (x-mock-not-found), else a 404.
    const gone = unknownIdAnswer(remove);
    const alreadyRemoved =
      gone === undefined
        ? response.status === 404
        : response.status === gone.status && (error as { errorCode?: string })?.errorCode === gone.errorCode;
    if (response.status === remove.success || alreadyRemoved) {
      if (response.status === remove.success) removed++;
      remember({ event: "removed", operationId: remove.operationId, path });
    } else failures.push(`${remove.operationId} ${JSON.stringify(path)}: ${response.status}`);
  }
  const dir = new URL("cleanup/", ARTIFACTS);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    new URL(`${authScheme}-${process.pid}-${Date.now()}.json`, dir),
    JSON.stringify({ removed, failures }),
  );
  if (failures.length > 0)
    throw new Error(`could not remove what the suite created:\n${failures.join("\n")}`);
});
