// `npm run proxy -- --report <file>` and `npm run mock -- --spec <file>` run from another folder:
// a relative path is taken from the folder npm was run from, not from packages/mock (where pnpm
// runs the mock's script) nor the repository root. Each command runs until it listens, then its
// whole process group is stopped.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const ranFrom = mkdtempSync(join(tmpdir(), "atlas-npm-ran-from-"));
afterAll(() => rmSync(ranFrom, { recursive: true, force: true }));

/** How long a root command may take to build (cached) and listen, and then to stop. */
const START_MS = 60_000;
const STOP_MS = 10_000;

/** Whether any process of the group led by `pid` is still running. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `npm --prefix <root> run <script> -- <args>` in `cwd`, in a process group of its own, until
 * it prints that it listens (or exits, or START_MS pass); then stops the group (SIGTERM, and
 * SIGKILL for what is left after STOP_MS). Resolves with the output, and whether it listened.
 */
async function runUntilListening(script: string, args: string[], cwd: string) {
  const child = spawn("npm", ["--prefix", root, "run", script, "--", ...args], {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid as number;
  const exited = once(child, "exit");
  let output = "";
  const listened = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), START_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on http:\/\/\S+/.test(output)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (groupAlive(pid)) process.kill(-pid, "SIGTERM");
  const deadline = Date.now() + STOP_MS;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const leftOver = groupAlive(pid);
  if (leftOver) process.kill(-pid, "SIGKILL");
  return { listened, leftOver, output };
}

describe("relative paths given to the root's npm run mock and npm run proxy", () => {
  it("npm run proxy -- --report <file> writes the report in the folder npm was run from", {
    timeout: START_MS + STOP_MS + 10_000,
  }, async () => {
    const report = `report-${process.pid}.jsonl`;
    const elsewhere = [join(root, report), join(root, "packages", "mock", report)];
    try {
      // The upstream is never called: the report file is created when the proxy starts.
      const run = await runUntilListening(
        "proxy",
        ["--upstream", "http://127.0.0.1:9", "--port", "0", "--report", report],
        ranFrom,
      );
      expect(run.listened, run.output).toBe(true);
      expect(run.leftOver, "processes left after SIGTERM").toBe(false);
      expect(existsSync(join(ranFrom, report)), run.output).toBe(true);
      for (const path of elsewhere) expect(existsSync(path), path).toBe(false);
    } finally {
      for (const path of elsewhere) rmSync(path, { force: true });
    }
  });

  it("npm run mock -- --spec <file> reads the spec in the folder npm was run from", {
    timeout: START_MS + STOP_MS + 10_000,
  }, async () => {
    copyFileSync(join(root, "spec", "dist", "openapi.json"), join(ranFrom, "my-spec.json"));
    const run = await runUntilListening("mock", ["--spec", "my-spec.json", "--port", "0"], ranFrom);
    expect(run.listened, run.output).toBe(true);
    expect(run.leftOver, "processes left after SIGTERM").toBe(false);
  });
});
