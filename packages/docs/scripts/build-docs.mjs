// Builds dist/index.html, the self-contained API reference, from the bundled spec; run by `pnpm docs`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { addCodeSamples } from "./code-samples.mjs";
import { withPublishedLinks } from "./llms.mjs";
import { addTryIt } from "./try-it.mjs";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

// --no-try-it: the page without the try-it panel (the bench's baseline).
const { values } = parseArgs({
  options: { output: { type: "string", short: "o" }, "no-try-it": { type: "boolean" } },
});
const output = resolve(values.output ?? join(pkgDir, "dist", "index.html"));
// ATLAS_SPEC_BUNDLE names another bundle's openapi.json (its openapi.yaml beside it): a copy of the spec.
const bundle = process.env.ATLAS_SPEC_BUNDLE ?? require.resolve("@atlas-admin/spec/openapi.json");
// The page shows each operation's rate limit (its endpoint group's `x-atlas-rate-limit`) in the
// operation's description and its code samples (`x-codeSamples`, scripts/code-samples.mjs): both
// written into a copy of the bundle that only the page reads.
const scratch = mkdtempSync(join(tmpdir(), "atlas-docs-"));
const spec = join(scratch, "openapi.json");
// Mentions of repository files the page publishes beside itself become links (scripts/llms.mjs).
const page = withPublishedLinks(withRateLimits(JSON.parse(readFileSync(bundle, "utf8"))));
writeFileSync(spec, JSON.stringify(addCodeSamples(page)));
const cli = require.resolve("@redocly/cli/bin/cli.js");

// Redoc 3 shows a "docs by Redocly" badge whose image it fetches from Redocly's CDN at render
// time; no option turns it off, so the URLs are swapped for an inline image.
const CDN_LOGOS = [
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
  "https://cdn.redoc.ly/redoc/logo-mini.svg",
];
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="52" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#0044d4">Redocly</text></svg>',
)}`;

mkdirSync(dirname(output), { recursive: true });
const result = spawnSync(
  process.execPath,
  [cli, "build-docs", spec, "--config", join(pkgDir, "redocly.yaml"), "--inlineBundle", "--output", output],
  {
    cwd: pkgDir,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  },
);
rmSync(scratch, { recursive: true, force: true });
if (result.error) throw result.error;
if (result.status !== 0) {
  process.stderr.write(`${result.stdout}${result.stderr}`);
  process.exit(result.status ?? 1);
}

let html = readFileSync(output, "utf8");
for (const url of CDN_LOGOS) html = html.replaceAll(url, INLINE_LOGO);
if (!values["no-try-it"]) html = await addTryIt(html, JSON.parse(readFileSync(bundle, "utf8")));
writeFileSync(output, html);

console.log(output);

/** The spec with a "Rate limit" paragraph at the end of each limited operation's description. */
function withRateLimits(document) {
  const limits = new Map(
    (document.tags ?? [])
      .filter((t) => t["x-atlas-rate-limit"])
      .map((t) => [t.name, t["x-atlas-rate-limit"]]),
  );
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      const tag = operation?.tags?.find((name) => limits.has(name));
      if (tag === undefined) continue;
      const { scope, capacity, refill, periodSeconds } = limits.get(tag);
      operation.description = `${operation.description ?? ""}\n\n**Rate limit** (${tag}): ${capacity} requests per ${String(scope).toLowerCase()}, ${refill} more every ${periodSeconds} s; past it, \`429 RATE_LIMITED\` with \`Retry-After\`.`;
    }
  }
  return document;
}
