/**
 * The client's browser bundle (minified, gzipped) against openapi-fetch alone, both built by
 * esbuild: both authentication schemes, pagination, logging and the error classes; beside it, a
 * Digest-only import (`createDigestFetch`: no OAuth, no openapi-fetch).
 */
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Row } from "./report.js";

async function minGzip(contents: string, resolveDir: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export async function benchBundleSize(root: string): Promise<Row[]> {
  const bench = join(root, "packages/bench");
  const client = await minGzip(
    'export { createAtlasAdminClient, createDigestFetch, isAtlasError, AtlasError } from "@atlas-admin/client";',
    bench,
  );
  const openapiFetch = await minGzip(
    'export { default } from "openapi-fetch";',
    join(root, "packages/client"),
  );
  const digestOnly = await minGzip('export { createDigestFetch } from "@atlas-admin/client";', bench);
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
  const full = {
    benchmark: "browser bundle (min+gzip)",
    subject: "client: Digest, OAuth, paginate, logging",
    baseline: "openapi-fetch alone",
    subjectFigure: `${kB(client.gzip)} (min ${kB(client.min)})`,
    baselineFigure: `${kB(openapiFetch.gzip)} (min ${kB(openapiFetch.min)})`,
    ratio: client.gzip / openapiFetch.gzip,
    target: "client ≤ 9.5 kB",
    met: client.gzip <= 9500,
  };
  return [
    full,
    {
      benchmark: "browser bundle (min+gzip)",
      subject: "Digest only: createDigestFetch",
      baseline: "the whole client above",
      subjectFigure: `${kB(digestOnly.gzip)} (min ${kB(digestOnly.min)})`,
      baselineFigure: `${kB(client.gzip)}`,
      ratio: digestOnly.gzip / client.gzip,
      target: "—",
      met: null,
    },
  ];
}
