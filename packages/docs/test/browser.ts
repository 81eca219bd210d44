// Launches Debian's Chromium through playwright-core, with no network beyond 127.0.0.1 (or beyond
// what the caller allows).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-quic",
  "--no-first-run",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  /** Every request that was not allowed (each one was aborted). */
  outsideRequests: string[];
  close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh profile; every request `allowed` refuses (default: any host but
 * 127.0.0.1) is aborted and listed in `outsideRequests`.
 * @throws Error naming how to install Chromium when `executablePath` is missing.
 */
export async function launchBrowser(
  executablePath = CHROMIUM,
  allowed: (url: URL) => boolean = (url) => url.hostname === "127.0.0.1",
): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `${executablePath} is missing. Install Debian's Chromium: apt-get install -y chromium ` +
        "(or run `node scripts/ensure-debian-packages.mjs` at the repository root).",
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), "docs-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  const outsideRequests: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (allowed(url)) return route.continue();
    outsideRequests.push(url.href);
    return route.abort("blockedbyclient");
  });
  return {
    context,
    outsideRequests,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
