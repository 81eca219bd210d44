/** The mock's command (packages/mock/dist/cli.js), started on a free port as a user starts it. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../../mock/dist/cli.js", import.meta.url));

/**
 * Starts the mock's CLI with `--port 0` and resolves to its URL once it says it listens; rejects
 * with its output when it exits first. The caller stops `child` (SIGTERM).
 */
export function startMockCli(env: NodeJS.ProcessEnv = process.env): {
  child: ChildProcess;
  url: Promise<string>;
} {
  const child = spawn(process.execPath, [CLI, "--port", "0"], { env });
  const url = new Promise<string>((resolve, reject) => {
    let out = "";
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (listening) resolve(listening);
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`the mock exited with ${code}: ${out}`)));
  });
  return { child, url };
}
