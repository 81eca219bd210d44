/** Starts a server in a child process and waits for the first http:// URL it prints. */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export type ChildServer = { url: string; process: ChildProcess; stop(): Promise<void> };

export function startChildServer(command: string, args: string[], cwd: string): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onExit = (code: number | null) =>
      reject(new Error(`${command} ${args.join(" ")} exited (${code}) before printing a URL:\n${output}`));
    child.once("exit", onExit);
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      output += `${line}\n`;
      const match = /(http:\/\/[^\s/]+)/.exec(line);
      if (match?.[1]) {
        child.off("exit", onExit);
        resolve({
          url: match[1],
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
  });
}
