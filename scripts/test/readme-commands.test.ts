// Every command a README tells the reader to run must work as written after the quick start
// (`npm start` / `npm test` on a machine with only Node and npm): no `pnpm` on PATH, so root
// scripts are `npm run <script>`, package scripts `npm run pnpm -- --filter <package> run <script>`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const SKIP = new Set(["node_modules", ".git", ".tools", ".turbo", ".cache", "dist", "artifacts"]);
const SHELL_FENCES = new Set(["sh", "bash", "shell", "console", "zsh"]);
// Tools a reader is expected to have besides Node and npm.
const SYSTEM_TOOLS = new Set(["curl", "cd", "git", "export"]);
// pnpm commands that are not package scripts.
const PNPM_BUILTINS = new Set(["install", "add", "exec", "dlx", "list", "why", "outdated", "update"]);

function readmes(folder = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...readmes(path));
    else if (entry.name === "README.md") found.push(path);
  }
  return found.sort();
}

type Command = { line: number; text: string };

/** Commands of a README: each line of its shell code blocks, and inline code naming npm/pnpm/npx/node. */
function commandsOf(markdown: string): Command[] {
  const commands: Command[] = [];
  const lines = markdown.split("\n");
  let fence: string | undefined;
  let pending: Command | undefined;
  lines.forEach((raw, index) => {
    const fenceMatch = /^\s*```(\w*)/.exec(raw);
    if (fenceMatch) {
      // A block marked `<!-- another project -->` shows commands run outside this repository.
      const elsewhere = fence === undefined && lines[index - 1]?.trim() === "<!-- another project -->";
      fence = fence === undefined ? (elsewhere ? "another project" : fenceMatch[1]) : undefined;
      return;
    }
    if (fence !== undefined) {
      if (!SHELL_FENCES.has(fence)) return;
      const text = raw.replace(/(^|\s)#.*$/, "").trim();
      if (pending) {
        pending.text += ` ${text.replace(/\\$/, "").trim()}`;
        if (!text.endsWith("\\")) pending = undefined;
        return;
      }
      if (!text) return;
      const command = { line: index + 1, text: text.replace(/\\$/, "").trim() };
      commands.push(command);
      if (text.endsWith("\\")) pending = command;
      return;
    }
    for (const [, code] of raw.matchAll(/`([^`]+)`/g)) {
      if (/^(pnpm|npx|npm|node) /.test(code) || code === "pnpm" || code === "npx")
        commands.push({ line: index + 1, text: code });
    }
  });
  return commands;
}

function manifest(folder: string): { name?: string; scripts?: Record<string, string> } | undefined {
  const file = join(root, folder, "package.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

function workspacePackages(): Map<string, string> {
  const folders = [
    "spec",
    "scripts",
    ...readdirSync(join(root, "packages")).map((name) => `packages/${name}`),
  ];
  const byName = new Map<string, string>();
  for (const folder of folders) {
    const name = manifest(folder)?.name;
    if (name) byName.set(name, folder);
  }
  return byName;
}

const rootScripts = manifest(".")?.scripts ?? {};
const packages = workspacePackages();

/** Why `command` would not work as written after the quick start, or undefined when it would. */
function problemWith(command: string, folder = "."): string | undefined {
  const words = command
    .replace(/…/g, " ")
    .trim()
    .split(/\s+/)
    .filter((word) => !/^[A-Z_][A-Z0-9_]*=/.test(word)); // leading environment assignments
  const [tool, ...rest] = words;
  if (!tool) return undefined;
  if (tool === "pnpm" || tool === "npx")
    return `\`${tool}\` is not on PATH after the quick start; write \`npm run <script>\` or \`npm run pnpm -- …\``;
  if (rest.some((word) => word.startsWith("<"))) return undefined; // a pattern such as `npm run <name>`
  if (tool === "node") {
    if (rest[0] === "-e" || rest[0] === "-p" || rest[0] === "--version") return undefined;
    const file = rest.find((word) => !word.startsWith("-"));
    if (!file) return undefined;
    for (const base of [".", folder]) {
      if (existsSync(join(root, base, file))) return undefined;
      const built = /^(.*?)\/?dist\//.exec(join(base, file));
      if (built && manifest(built[1] || ".")?.scripts?.build) return undefined; // built by `npm start`
    }
    return `${file} does not exist and no package builds it`;
  }
  if (tool === "npm") {
    const [sub, ...after] = rest;
    if (sub === "start" || sub === "test") return rootScripts[sub] ? undefined : `no root script "${sub}"`;
    if (sub !== "run") return `\`npm ${sub}\` is not a command this project documents`;
    const [script, ...scriptArgs] = after;
    if (!script || !rootScripts[script]) return `no root script "${script}" (npm run ${script})`;
    if (script !== "pnpm") return undefined;
    const pnpmArgs = scriptArgs[0] === "--" ? scriptArgs.slice(1) : scriptArgs;
    return pnpmProblem(pnpmArgs);
  }
  if (SYSTEM_TOOLS.has(tool)) return undefined;
  return `\`${tool}\` is not on PATH after the quick start`;
}

function pnpmProblem(args: string[]): string | undefined {
  let folder = ".";
  let index = 0;
  if (args[0] === "--filter" || args[0] === "-F") {
    const target = packages.get(args[1] ?? "");
    if (!target) return `no workspace package "${args[1]}"`;
    folder = target;
    index = 2;
  }
  const sub = args[index];
  const scripts = manifest(folder)?.scripts ?? {};
  if (sub === "run" || sub === "test" || (sub && !PNPM_BUILTINS.has(sub))) {
    const script = sub === "run" ? args[index + 1] : sub;
    return script && scripts[script] ? undefined : `no script "${script}" in ${folder}/package.json`;
  }
  if (sub === "exec") {
    const bin = args[index + 1];
    const binPath = join(root, folder, "node_modules", ".bin", bin ?? "");
    return bin && existsSync(binPath) ? undefined : `no "${bin}" in ${folder}/node_modules/.bin`;
  }
  return undefined;
}

describe("the checker", () => {
  it("finds commands in shell blocks, continued lines and inline code", () => {
    const found = commandsOf(
      ["Run `npm run lint` first.", "```sh", "npm test   # all", "FOO=1 npm run \\", "  bench", "```"].join(
        "\n",
      ),
    );
    expect(found.map((command) => command.text)).toEqual(["npm run lint", "npm test", "FOO=1 npm run bench"]);
  });
  it("rejects pnpm, unknown scripts and unknown packages, accepts what exists", () => {
    expect(problemWith("pnpm lint")).toMatch(/not on PATH/);
    expect(problemWith("npm run no-such-script")).toMatch(/no root script/);
    expect(problemWith("npm run pnpm -- --filter @atlas-admin/nope run test")).toMatch(
      /no workspace package/,
    );
    expect(problemWith("npm run pnpm -- --filter @atlas-admin/spec run nope")).toMatch(/no script "nope"/);
    expect(problemWith("npm run pnpm -- --filter @atlas-admin/spec run lint")).toBeUndefined();
    expect(problemWith("npm run check-generated")).toBeUndefined();
    expect(problemWith("node packages/mock/dist/cli.js")).toBeUndefined();
  });
});

describe.each(readmes().map((file) => [relative(root, file), file]))("%s", (_name, file) => {
  it("names only commands that exist after the quick start", () => {
    const problems = commandsOf(readFileSync(file, "utf8")).flatMap(({ line, text }) => {
      const problem = problemWith(text, relative(root, dirname(file)) || ".");
      return problem ? [`line ${line}: ${text} — ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });
});
