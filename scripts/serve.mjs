#!/usr/bin/env node
// The last step of `npm start`: runs the mock (packages/mock) and the API reference page server
// (packages/docs) side by side, prints both URLs once both answer, and stops both on Ctrl-C.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const services = [
  { name: "mock", command: [join(root, "packages/mock/dist/cli.js")] },
  { name: "API reference", command: [join(root, "packages/docs/scripts/serve-docs.mjs")] },
];

const URL_PATTERN = /(http:\/\/\S+)/;
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5_000).unref();
  Promise.all(children.map((child) => new Promise((done) => child.once("exit", done)))).then(() => process.exit(code));
}

const urls = await Promise.all(
  services.map(
    ({ name, command }) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, command, {
          cwd: root,
          stdio: ["ignore", "pipe", "inherit"],
        });
        children.push(child);
        child.once("exit", (code) => {
          if (!stopping) {
            console.error(`[serve] the ${name} exited (code ${code}).`);
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
