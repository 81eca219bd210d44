// Puts the try-it panel into the reference page: the panel's script (try-it/main.tsx with Preact
// and @atlas-admin/digest, bundled and minified by esbuild) and the model of the spec's operations
// (scripts/try-it-model.mjs) as JSON, both inline, so the page stays one file that loads nothing.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { tryItModel } from "./try-it-model.mjs";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
// The signer from @atlas-admin/digest's TypeScript sources, so the page builds with no build of
// that package first (`npm run docs` bundles the spec alone).
const digestDir = dirname(createRequire(import.meta.url).resolve("@atlas-admin/digest/package.json"));

/** The panel's script, minified (an IIFE with no import). */
export async function tryItScript() {
  const result = await build({
    entryPoints: [join(pkgDir, "try-it", "main.tsx")],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    alias: { "@atlas-admin/digest/client": join(digestDir, "src", "client", "index.ts") },
    write: false,
  });
  return result.outputFiles[0]?.text ?? "";
}

/** JSON that can stand inside a <script> element. */
const inlineJson = (value) => JSON.stringify(value).replaceAll("<", "\\u003c");
/** A script that can stand inside a <script> element. */
const inlineScript = (code) => code.replaceAll("</script", "<\\/script");

/** `html` (Redocly's page) with the panel of `spec`'s operations before `</body>`. */
export async function addTryIt(html, spec) {
  const parts =
    `<script type="application/json" id="atlas-try-it-model">${inlineJson(tryItModel(spec))}</script>\n` +
    `<script>${inlineScript(await tryItScript())}</script>\n`;
  const end = html.lastIndexOf("</body>");
  if (end === -1) throw new Error("The page has no </body>: cannot add the try-it panel.");
  return html.slice(0, end) + parts + html.slice(end);
}
