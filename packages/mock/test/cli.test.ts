import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { API_KEYS_PATH, PRIVATE_KEY, PUBLIC_KEY, signedFetch } from "./helpers/digest-client.js";
import { openSignedPost } from "./helpers/raw-http.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const CURL = "/usr/bin/curl";
const run = promisify(execFile);

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`pnpm --filter @atlas-admin/mock run build\` first.`);
});

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** Everything the CLI has written to stdout and stderr so far. */
  output(): string;
  /** What it has written to stderr so far. */
  stderr(): string;
}

/** Starts the built CLI and waits for its one "listening" line. */
async function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const { PORT: _port, ATLAS_MOCK_PORT: _mockPort, ...inherited } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...inherited, ...env }, stdio: "pipe" });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  let output = "";
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^Atlas mock listening on (http:\/\/\S+)$/m.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      stderr += chunk.toString();
    });
    void exited.then(([code]) =>
      reject(new Error(`The CLI exited with ${code} before listening:\n${output}`)),
    );
  });
  return { child, url, exited, output: () => output, stderr: () => stderr };
}

const startCliLoggingAtTrace = () =>
  startCli(["--port", "0", "--log-level", "trace", "--public-key", PUBLIC_KEY, "--private-key", PRIVATE_KEY]);

// Each test starts the built CLI in a child process: loading Prism cold while the other packages'
// suites share the two cores has taken 20 s.
describe("CLI", { timeout: 60_000 }, () => {
  it("keeps credentials out of its logs, even at trace level", async () => {
    const started = await startCliLoggingAtTrace();
    const response = await signedFetch(started.url, API_KEYS_PATH, {
      body: JSON.stringify({ roles: ["ORG_MEMBER"] }),
    });
    expect(response.status).toBe(200);
    started.child.kill("SIGTERM");
    await started.exited;
    const logs = started.output();
    expect(logs).toContain("/apiKeys"); // the request was logged…
    expect(logs).not.toMatch(/authorization|Digest username|response=/i); // …its credentials were not
    expect(logs).not.toContain(PRIVATE_KEY);
  });

  it("writes log lines that are JSON objects without duplicate keys", async () => {
    const started = await startCliLoggingAtTrace();
    const accepted = await signedFetch(started.url, API_KEYS_PATH, {
      body: JSON.stringify({ roles: ["ORG_MEMBER"] }),
    });
    expect(accepted.status).toBe(200);
    const invalid = await signedFetch(started.url, API_KEYS_PATH, { body: "{}" });
    expect(invalid.status).toBe(400); // Prism's validator logs too
    started.child.kill("SIGTERM");
    await started.exited;
    const lines = started
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const keys = topLevelKeys(line);
      expect(keys, line).toEqual([...new Set(keys)]);
      expect(Object.keys(JSON.parse(line) as object), line).toEqual(keys);
    }
    expect(lines.some((line) => (JSON.parse(line) as { name?: string }).name === "MOCK")).toBe(true);
  });

  it("says nothing on stderr when a client disconnects in the middle of a body", async () => {
    const started = await startCli(["--port", "0", "--public-key", PUBLIC_KEY, "--private-key", PRIVATE_KEY]);
    try {
      const connection = await openSignedPost(started.url, {
        "Content-Type": "application/json",
        "Content-Length": "100",
      });
      connection.socket.write('{"roles":');
      await new Promise((resolve) => setTimeout(resolve, 100));
      connection.socket.destroy();
      await connection.closed;
      const response = await signedFetch(started.url, API_KEYS_PATH, {
        body: JSON.stringify({ roles: ["ORG_MEMBER"] }),
      });
      expect(response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      started.child.kill("SIGTERM");
      await started.exited;
    }
    expect(started.stderr()).toBe("");
  });

  it("starts on a free port, prints its URL once, answers, and exits 0 on SIGTERM", async () => {
    const started = await startCli(["--port", "0", "--public-key", PUBLIC_KEY, "--private-key", PRIVATE_KEY]);
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await signedFetch(started.url, API_KEYS_PATH, {
      body: JSON.stringify({ roles: ["ORG_MEMBER"] }),
    });
    expect(response.status).toBe(200);
    started.child.kill("SIGTERM");
    expect(await started.exited).toEqual([0, null]);
  });

  it("takes the keys and port from the environment and exits 0 on SIGINT", async () => {
    const started = await startCli([], {
      PORT: "0",
      ATLAS_MOCK_PUBLIC_KEY: PUBLIC_KEY,
      ATLAS_MOCK_PRIVATE_KEY: PRIVATE_KEY,
    });
    const response = await signedFetch(started.url, API_KEYS_PATH, {
      body: JSON.stringify({ roles: ["ORG_MEMBER"] }),
    });
    expect(response.status).toBe(200);
    started.child.kill("SIGINT");
    expect(await started.exited).toEqual([0, null]);
  });

  it("answers curl --digest with the default keys", async () => {
    expect(existsSync(CURL), `${CURL} is needed: apt-get install -y curl`).toBe(true);
    const started = await startCli(["--port", "0"]);
    try {
      const { stdout } = await run(CURL, [
        "--silent",
        "--show-error",
        "--digest",
        "--user",
        "mockpublic:00000000-0000-4000-8000-000000000000",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"roles":["ORG_MEMBER"]}',
        "--write-out",
        "\n%{http_code}",
        `${started.url}/orgs/5980cfc70b6d12029d82e3f6/apiKeys`,
      ]);
      const [body, status] = stdout.split(/\n(?=\d{3}$)/);
      expect(status).toBe("200");
      expect(JSON.parse(body as string)).toMatchObject({
        id: expect.stringMatching(/^[a-f0-9]{24}$/),
        roles: [{ orgId: "5980cfc70b6d12029d82e3f6", roleName: "ORG_MEMBER" }],
      });
    } finally {
      started.child.kill("SIGTERM");
      await started.exited;
    }
  });

  it("fails with exit code 1 and names the fix when the spec is missing", async () => {
    const error = await run(process.execPath, [
      CLI,
      "--port",
      "0",
      "--spec",
      "/nonexistent/openapi.json",
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain("npm run build");
  });

  it("refuses an unknown flag with exit code 2 and the usage", async () => {
    const error = await run(process.execPath, [CLI, "--prot", "1"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2 });
    // The usage line names the command as it was run: here, the CLI's path from the working directory.
    expect((error as { stderr: string }).stderr).toContain(
      `Usage: node ${relative(process.cwd(), CLI)} [options]`,
    );
  });
});

/** The keys of a JSON object's text in order, duplicates included (JSON.parse keeps only the last). */
function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === "\\" ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(json.slice(i, end + 1)) as string);
      expectKey = false;
      i = end;
    } else if (c === "{" || c === "[") {
      depth++;
      expectKey = c === "{" && depth === 1;
    } else if (c === "}" || c === "]") depth--;
    else if (c === "," && depth === 1) expectKey = true;
  }
  return keys;
}
