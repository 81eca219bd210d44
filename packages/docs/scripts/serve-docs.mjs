// Serves dist/ (the built reference page) on 127.0.0.1; run as a script (port: --port, else ATLAS_DOCS_PORT,
// else 4020) by the package's `serve` script and by `npm start` (scripts/serve.mjs), imported by the tests.
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export const DEFAULT_PORT = 4020;
const DIST = join(dirname(dirname(fileURLToPath(import.meta.url))), "dist");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

function fileFor(root, urlPath) {
  const file = resolve(root, `.${decodeURIComponent(urlPath)}`);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  try {
    const stat = statSync(file);
    if (stat.isFile()) return file;
    if (stat.isDirectory()) return fileFor(root, `/${relative(root, join(file, "index.html"))}`);
  } catch {
    // Redoc routes with the URL hash, but a path without an extension still gets the page.
    if (!extname(file)) return fileFor(root, "/index.html");
  }
  return undefined;
}

/** Serves `root` (default: dist/) on 127.0.0.1; `port: 0` picks a free port. */
export async function serveDocs({ port = DEFAULT_PORT, root = DIST } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = req.method === "GET" || req.method === "HEAD" ? fileFor(base, pathname) : undefined;
    if (!file) {
      res.writeHead(req.method === "GET" || req.method === "HEAD" ? 404 : 405, {
        "content-type": "text/plain",
      });
      res.end("Not found\n");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", done);
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/`;
  const close = () =>
    new Promise((done, fail) => {
      server.close((error) => (error ? fail(error) : done()));
      server.closeAllConnections();
    });
  return { url, close };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { port: { type: "string" } } });
  const given = values.port ?? (process.env.ATLAS_DOCS_PORT || undefined) ?? String(DEFAULT_PORT);
  const port = Number(given);
  if (!/^\d+$/.test(given) || port > 65535) {
    console.error(
      `serve-docs: invalid port ${given} (from ${values.port ? "--port" : "ATLAS_DOCS_PORT"}); give 0-65535.`,
    );
    process.exit(2);
  }
  let served;
  try {
    served = await serveDocs({ port });
  } catch (error) {
    if (error?.code === "EADDRINUSE" || error?.code === "EACCES") {
      const why = error.code === "EADDRINUSE" ? "is already in use" : "is not allowed";
      console.error(
        `serve-docs: port ${port} on 127.0.0.1 ${why}; choose another with ATLAS_DOCS_PORT=<n> (or --port <n>, 0 for a free one).`,
      );
    } else console.error(`serve-docs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { url, close } = served;
  console.log(url);
  const stop = () => close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
