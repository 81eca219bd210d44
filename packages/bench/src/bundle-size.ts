/**
 * The client's browser bundle (minified, gzipped) against openapi-fetch alone, both built by
 * esbuild: both authentication schemes, pagination, logging and the error classes; beside it, a
 * Digest-only import (`createDigestFetch`: no OAuth, no openapi-fetch), and where the bytes go:
 * each part's share is the whole bundle's gzip size less the size of the same bundle built with
 * that part's module replaced by empty exports (so what only it imports goes too).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import type { Row } from "./report.js";

/** The parts whose share is shown: a name and the module (a path suffix) that brings it in. */
const PARTS: [name: string, module: RegExp][] = [
  ["openapi-fetch", /openapi-fetch\/dist\/index\.mjs$/],
  ["Digest (@atlas-admin/digest)", /digest\/dist\/client\/signer\.js$/],
  ["the transport: deadline, retry, body limit, redaction", /client\/dist\/atlas-fetch\.js$/],
  ["OAuth token source and cache", /client\/dist\/oauth\/token-source\.js$/],
  ["option checks", /client\/dist\/options\.js$/],
  ["openapi-fetch seams: URL checks, error bodies", /client\/dist\/seams\.js$/],
  ["pagination", /client\/dist\/paginate\.js$/],
  ["logging", /client\/dist\/log\.js$/],
];

/** Replaces the module matching `module` by exports of `undefined` under the same names. */
function without(module: RegExp): Plugin {
  return {
    name: "without",
    setup(context) {
      context.onLoad({ filter: module }, (args) => {
        const source = readFileSync(args.path, "utf8");
        const names = [
          ...[...source.matchAll(/export (?:async )?(?:function\*?|const|let|class) (\w+)/g)].map(
            (m) => m[1],
          ),
          ...[...source.matchAll(/export \{([^}]*)\};/g)].flatMap((m) =>
            (m[1] ?? "").split(",").map((name) =>
              name
                .trim()
                .split(/\s+as\s+/)
                .pop(),
            ),
          ),
          ...(/export default/.test(source) ? ["default"] : []),
        ].filter((name): name is string => Boolean(name));
        const contents = names
          .map((name) =>
            name === "default" ? "export default undefined;" : `export const ${name} = undefined;`,
          )
          .join("\n");
        return { contents, loader: "js" };
      });
    },
  };
}

async function minGzip(
  contents: string,
  resolveDir: string,
  plugins: Plugin[] = [],
): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    plugins,
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export async function benchBundleSize(root: string): Promise<Row[]> {
  const bench = join(root, "packages/bench");
  const whole =
    'export { createAtlasAdminClient, createDigestFetch, isAtlasError, AtlasError } from "@atlas-admin/client";';
  const client = await minGzip(whole, bench);
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
  const shares: Row[] = [];
  for (const [name, module] of PARTS) {
    const rest = await minGzip(whole, bench, [without(module)]);
    const share = client.gzip - rest.gzip;
    shares.push({
      benchmark: "browser bundle: where it goes",
      subject: name,
      baseline: "the whole client above",
      subjectFigure: `${kB(share)} (min ${kB(client.min - rest.min)})`,
      baselineFigure: kB(client.gzip),
      ratio: share / client.gzip,
      target: "—",
      met: null,
    });
  }
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
    ...shares,
  ];
}
