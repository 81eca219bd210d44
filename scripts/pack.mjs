/**
 * `npm run pack`: builds every publishable package (those not marked private under packages/)
 * and writes their tarballs into one folder, artifacts/packs/, with `pnpm pack`, which turns
 * `workspace:*` ranges into the versions the tarballs carry; so the tarballs install together with
 * one `npm install ./a.tgz ./b.tgz …` and nothing from the registry but third-party packages.
 * The folder is emptied first; its path is the last line printed. Run through scripts/bootstrap.mjs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "artifacts", "packs");

const run = (command, args, cwd) => {
  // stdout is kept off the output (its last line is the folder) and shown on failure: turbo
  // prints a build's errors there.
  const result = spawnSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(`[pack] ${command} ${args.join(" ")} failed in ${cwd}\n`);
    process.exit(1);
  }
};

const packages = readdirSync(join(root, "packages"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(root, "packages", entry.name))
  .filter((folder) => {
    try {
      return JSON.parse(readFileSync(join(folder, "package.json"), "utf8")).private !== true;
    } catch {
      return false;
    }
  });
const names = packages.map((folder) => JSON.parse(readFileSync(join(folder, "package.json"), "utf8")).name);

run("turbo", ["run", "build", ...names.map((name) => `--filter=${name}`), "--output-logs=errors-only"], root);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const folder of packages) run("pnpm", ["pack", "--pack-destination", out], folder);
const tarballs = readdirSync(out).filter((file) => file.endsWith(".tgz"));
for (const tarball of tarballs.sort()) console.log(tarball);
console.log(out);
