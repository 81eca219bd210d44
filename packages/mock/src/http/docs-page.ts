/**
 * The API reference page served by the mock itself (`--docs-page`), so that a reader opens one
 * URL and the page's try-it panel calls the same origin. The page is read once at start; it is
 * one self-contained HTML file (packages/docs builds it).
 */
import { readdir, readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { basename, dirname, join, relative, sep } from "node:path";

/** The paths the page is served at: the root, and `/docs`; also at its file's own name (below). */
export const DOCS_PAGE_PATHS: readonly string[] = ["/", "/docs"];

/** The page could not be read; the message names the fix. */
export class DocsPageError extends Error {
  override readonly name = "DocsPageError";
}

/** The id of the JSON element that tells the page's try-it panel the mock's published credentials. */
export const MOCK_CREDENTIALS_ELEMENT_ID = "atlas-mock-credentials";

/** The mock's credentials when they are its published defaults (README, `--help`), else none. */
export interface PublishedCredentials {
  publicKey: string;
  privateKey: string;
  clientId: string;
  clientSecret: string;
}

/** The files served beside the page (packages/docs builds them): `llms.txt` and Markdown, by extension. */
export const DOCS_FILE_TYPES: Readonly<Record<string, string>> = {
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};
/** Files beside the page read at start at most, and their bytes in all. */
export const MAX_DOCS_FILES = 1_000;
export const MAX_DOCS_BYTES = 16 * 1024 * 1024;

/** The page and the files beside it, by the URL path each is served at. */
export type DocsSite = ReadonlyMap<string, { body: Buffer; type: string }>;

/**
 * The page (./readDocsPage) at `/`, `/docs` and its file's name (`/index.html`), and every `llms.txt` and Markdown file in its
 * folder and the folders below it (an assistant's copy of the reference: `/llms.txt`,
 * `/operations/<operationId>.md`), read once at start: nothing else on the disk can be asked for.
 * Files past MAX_DOCS_FILES or MAX_DOCS_BYTES are left out.
 * @throws DocsPageError when the page cannot be read.
 */
export async function readDocsSite(path: string, published?: PublishedCredentials): Promise<DocsSite> {
  const page = await readDocsPage(path, published);
  // At its own name too (`/index.html`): the files beside it link to it so.
  const pagePaths = [...DOCS_PAGE_PATHS, `/${encodeURIComponent(basename(path))}`];
  const site = new Map<string, { body: Buffer; type: string }>(
    pagePaths.map((at) => [at, { body: page, type: "text/html; charset=utf-8" }]),
  );
  const folder = dirname(path);
  let bytes = 0;
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const extension = /\.[a-z]+$/.exec(entry.name)?.[0] ?? "";
    const type = DOCS_FILE_TYPES[extension];
    if (!entry.isFile() || type === undefined || site.size - pagePaths.length >= MAX_DOCS_FILES) continue;
    const file = join(entry.parentPath, entry.name);
    const body = await readFile(file).catch(() => undefined);
    if (body === undefined || bytes + body.length > MAX_DOCS_BYTES) continue;
    bytes += body.length;
    site.set(`/${relative(folder, file).split(sep).map(encodeURIComponent).join("/")}`, { body, type });
  }
  return site;
}

/**
 * Reads the page. With `published` (only ever the mock's default credentials, which its README
 * prints), a JSON element before `</body>` offers them to the panel's "Use the mock's credentials".
 * @throws DocsPageError naming the file and how to build it.
 */
export async function readDocsPage(path: string, published?: PublishedCredentials): Promise<Buffer> {
  let page: Buffer;
  try {
    page = await readFile(path);
  } catch (error) {
    throw new DocsPageError(
      `Cannot read the API reference page at ${path}: ${(error as Error).message}. Build it with \`npm run docs\` at the repository root.`,
      { cause: error },
    );
  }
  if (published === undefined) return page;
  const html = page.toString("utf8");
  const end = html.lastIndexOf("</body>");
  if (end === -1) return page;
  const json = JSON.stringify(published).replaceAll("<", "\\u003c");
  const element = `<script type="application/json" id="${MOCK_CREDENTIALS_ELEMENT_ID}">${json}</script>\n`;
  return Buffer.from(html.slice(0, end) + element + html.slice(end), "utf8");
}

/**
 * The server's hook: answers `GET`/`HEAD` of a path of the site (query string ignored) with its
 * file and returns true; returns false for any other request, which goes on to the API.
 */
export function answerDocsPage(site: DocsSite, method: string, target: string, res: ServerResponse): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const file = site.get(target.split("?", 1)[0] ?? "");
  if (file === undefined) return false;
  const page = file.body;
  res.writeHead(200, {
    "Content-Type": file.type,
    "Content-Length": String(page.length),
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(method === "HEAD" ? undefined : page);
  return true;
}
