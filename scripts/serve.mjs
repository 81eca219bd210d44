#!/usr/bin/env node
// The last step of `npm start`: runs the mock (packages/mock) and the API reference page server
// (packages/docs) side by side, prints both URLs once both answer, and stops both on Ctrl-C.
// Ports: the mock's from `--port <n>`, else ATLAS_MOCK_PORT, else PORT, else 4010 (as the mock
// CLI reads them); the page's from `--docs-port <n>`, else ATLAS_DOCS_PORT, else 4020. A port
// that is taken ends this at once with one line naming the port and how to change it, exit 1.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({
  options: { port: { type: "string" }, "docs-port": { type: "string" } },
});
const env = process.env;
const nonEmpty = (value) => (value === undefined || value === "" ? undefined : value);

const services = [
  {
    name: "mock",
    script: join(root, "packages/mock/dist/cli.js"),
    host: nonEmpty(env.ATLAS_MOCK_HOST) ?? "127.0.0.1",
    port: values.port ?? nonEmpty(env.ATLAS_MOCK_PORT) ?? nonEmpty(env.PORT) ?? "4010",
    how: "ATLAS_MOCK_PORT=<n> npm start (or npm start -- --port <n>)",
  },
  {
    name: "API reference",
    script: join(root, "packages/docs/scripts/serve-docs.mjs"),
    host: "127.0.0.1",
    port: values["docs-port"] ?? nonEmpty(env.ATLAS_DOCS_PORT) ?? "4020",
    how: "ATLAS_DOCS_PORT=<n> npm start (or npm start -- --docs-port <n>)",
  },
];

for (const service of services) {
  if (!/^\d+$/.test(service.port) || Number(service.port) > 65535) {
    console.error(`[serve] invalid ${service.name} port ${service.port}; give 0-65535: ${service.how}.`);
    process.exit(2);
  }
}

/** Resolves to undefined when host:port can be bound now, else to the error's code. */
function probe(host, port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error) => resolve(error.code ?? String(error)));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

for (const service of services) {
  if (service.port === "0") continue;
  const problem = await probe(service.host, Number(service.port));
  if (problem) {
    const why = problem === "EADDRINUSE" ? "is already in use" : `cannot be used (${problem})`;
    console.error(
      `[serve] port ${service.port} for the ${service.name} on ${service.host} ${why}; stop what holds it or choose another: ${service.how}.`,
    );
    process.exit(1);
  }
}

const URL_PATTERN = /(http:\/\/\S+)/;
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5_000).unref();
  Promise.all(
    children.map((child) =>
      child.exitCode !== null ? undefined : new Promise((done) => child.once("exit", done)),
    ),
  ).then(() => process.exit(code));
}

const urls = await Promise.all(
  services.map(
    ({ name, script, port }) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [script, "--port", port], {
          cwd: root,
          stdio: ["ignore", "pipe", "inherit"],
        });
        children.push(child);
        child.once("exit", (code, signal) => {
          if (!stopping) {
            console.error(
              `[serve] the ${name} stopped (${signal ?? `exit code ${code}`}); stopping the other one.`,
            );
            stopAll(code || 1);
          }
          reject(new Error(`${name} exited`));
        });
        createInterface({ input: child.stdout }).on("line", (line) => {
          const match = URL_PATTERN.exec(line);
          if (match) resolve(match[1]);
          else console.log(`[${name}] ${line}`);
        });
      }),
  ),
).catch(() => undefined);

if (urls) {
  console.log(`Atlas mock:        ${urls[0]}`);
  console.log(`API reference:     ${urls[1]}`);
  console.log("Press Ctrl-C to stop both.");
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
