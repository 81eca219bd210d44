// Launches Debian's Chromium through playwright-core, with no network beyond 127.0.0.1.
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
  /** Every request that was aimed anywhere but 127.0.0.1 (each one was aborted). */
  outsideRequests: string[];
  close(): Promise<void>;
}

export async function launchBrowser(executablePath = CHROMIUM): Promise<Browser> {
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
    if (url.hostname === "127.0.0.1") return route.continue();
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
