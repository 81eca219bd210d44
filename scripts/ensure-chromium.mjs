#!/usr/bin/env node
// Makes sure Debian's Chromium is installed for the browser test of the API reference page:
// installs it with apt-get when missing and this is a root shell on Debian; otherwise says how.
// Run by `npm test` before the suite.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(CHROMIUM)) process.exit(0);

const canApt = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
if (!canApt) {
  console.error(
    `[ensure-chromium] ${CHROMIUM} is missing: install Debian's chromium (\`sudo apt-get install -y chromium\`) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
console.error("[ensure-chromium] installing Debian's chromium with apt-get (once per machine)");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [
  ["update", "-qq"],
  ["install", "-y", "-qq", "--no-install-recommends", "chromium"],
]) {
  const result = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
  if (result.status !== 0) {
    console.error(`[ensure-chromium] apt-get ${args.join(" ")} failed (exit ${result.status}).`);
    process.exit(1);
  }
}
if (!existsSync(CHROMIUM)) {
  console.error(`[ensure-chromium] apt-get installed chromium but ${CHROMIUM} is still missing.`);
  process.exit(1);
}
