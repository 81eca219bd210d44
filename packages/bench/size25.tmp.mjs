import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const entries = {
  full: 'export { createAtlasAdminClient, createDigestFetch, isAtlasError, AtlasError } from "@atlas-admin/client";',
  create: 'export { createAtlasAdminClient } from "@atlas-admin/client";',
  ofetch: 'export { default } from "openapi-fetch";',
};
for (const [name, contents] of Object.entries(entries)) {
  const r = await build({ stdin: { contents, resolveDir: process.cwd(), loader: "js" }, bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022", write: false, metafile: true });
  const code = r.outputFiles[0].contents;
  console.log(name, code.length, gzipSync(code, { level: 9 }).length);
  if (process.argv[2] === name) for (const [f, i] of Object.entries(r.metafile.outputs)) for (const [k, v] of Object.entries(i.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log("  ", v.bytesInOutput, k);
}
