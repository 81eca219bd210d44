/**
 * The API reference page served by the mock itself (`--docs-page`), so that a reader opens one
 * URL and the page's try-it panel calls the same origin. The page is read once at start; it is
 * one self-contained HTML file (packages/docs builds it).
 */
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";

/** The paths the page is served at: the root, and `/docs`. */
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
 * The server's hook: answers `GET`/`HEAD` of a page path (query string ignored) with the page and
 * returns true; returns false for any other request, which goes on to the API.
 */
export function answerDocsPage(page: Buffer, method: string, target: string, res: ServerResponse): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const path = target.split("?", 1)[0] ?? "";
  if (!DOCS_PAGE_PATHS.includes(path)) return false;
  res.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(page.length),
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(method === "HEAD" ? undefined : page);
  return true;
}
