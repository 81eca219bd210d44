#!/usr/bin/env node
// Makes sure the Debian packages the suite runs with are installed: Chromium for the browser tests
// of the reference page and the client, Python 3 with `requests` for the Python code samples.
// Installs what is missing with one apt-get when this is a root shell on Debian; otherwise says
// what to install. Run by `npm test` before the suite.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PYTHON3 = process.env.PYTHON3_PATH ?? "/usr/bin/python3";

/** What the suite needs: how to tell it is there, and the Debian packages that bring it. */
const NEEDS = [
  { what: CHROMIUM, packages: ["chromium"], present: () => existsSync(CHROMIUM), override: "CHROMIUM_PATH" },
  {
    what: `${PYTHON3} with requests`,
    packages: ["python3", "python3-requests"],
    present: () => spawnSync(PYTHON3, ["-c", "import requests"], { stdio: "ignore" }).status === 0,
    override: "PYTHON3_PATH",
  },
];

const missing = NEEDS.filter((need) => !need.present());
if (missing.length === 0) process.exit(0);
const packages = missing.flatMap((need) => need.packages);

const canApt = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
if (!canApt) {
  for (const need of missing) {
    console.error(
      `[ensure-debian-packages] ${need.what} is missing: install Debian's ${need.packages.join(" ")} (\`sudo apt-get install -y ${need.packages.join(" ")}\`) or set ${need.override}.`,
    );
  }
  process.exit(1);
}
console.error(`[ensure-debian-packages] installing ${packages.join(" ")} with apt-get (once per machine)`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [
  ["update", "-qq"],
  ["install", "-y", "-qq", "--no-install-recommends", ...packages],
]) {
  const result = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
  if (result.status !== 0) {
    console.error(`[ensure-debian-packages] apt-get ${args.join(" ")} failed (exit ${result.status}).`);
    process.exit(1);
  }
}
for (const need of missing) {
  if (!need.present()) {
    console.error(
      `[ensure-debian-packages] apt-get installed ${need.packages.join(" ")} but ${need.what} is still missing.`,
    );
    process.exit(1);
  }
}
