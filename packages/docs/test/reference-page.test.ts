import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningMock, startMock } from "@atlas-admin/mock";
import { loadSpec, specOperations } from "@atlas-admin/spec-kit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addCodeSamples, SAMPLE_LANGUAGES, SAMPLES_GUIDE_TITLE } from "../scripts/code-samples.mjs";
import { type Browser, launchBrowser } from "./browser.js";
import {
  expandTag,
  expectVisible,
  fullPageScreenshot,
  operationSection,
  RENDER_TIMEOUT_MS,
  showResponse,
} from "./page-helpers.js";

/** Every operation of the spec the page was built from (vitest.config.ts provides its path). */
const spec: any = loadSpec(inject("specBundle"));
const rateLimitOf = (tags: string[]) =>
  (spec.tags as { name: string; "x-atlas-rate-limit"?: { capacity: number; scope: string } }[]).find(
    (tag) => tags.includes(tag.name) && tag["x-atlas-rate-limit"] !== undefined,
  )?.["x-atlas-rate-limit"];
const operations = specOperations(spec);
/** The spec as the page shows it: with the code samples the page's builder adds. */
const published = addCodeSamples(structuredClone(spec));
type CodeSample = { lang: string; label: string; source: string };

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const artifacts = join(pkgDir, "artifacts");
/** The built page's folder: dist/, or ATLAS_DOCS_DIST for a page built from a copy of the spec. */
const dist = process.env.ATLAS_DOCS_DIST ?? join(pkgDir, "dist");

describe("the browser", () => {
  it("fails, saying how to install it, when Chromium is missing", async () => {
    await expect(launchBrowser("/nonexistent/chromium")).rejects.toThrow("apt-get install -y chromium");
  });
});

describe("the API reference page in Chromium", () => {
  /** The mock serving the page at its one URL, as `npm start` does. */
  let server: RunningMock;
  let pageUrl: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(dist, "index.html"))) {
      throw new Error("dist/index.html is missing: run `pnpm --filter @atlas-admin/docs run docs` first.");
    }
    browser = await launchBrowser();
    server = await startMock({ port: 0, docsPage: join(dist, "index.html") });
    pageUrl = `${server.url}/`;
    page = await browser.context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(pageUrl, { waitUntil: "networkidle" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens with the title, the API description and both tags", async () => {
    await expectVisible(page, spec.info.title);
    await expectVisible(page, "HTTP Digest (RFC 7616)");
    // Both ways to authenticate are explained up front.
    await expectVisible(page, "service account");
    await expectVisible(page, "POST https://cloud.mongodb.com/api/oauth/token");
    await expectVisible(page, "envelope");
    await expectVisible(page, "https://cloud.mongodb.com/api/atlas/v1.0");
    await expectVisible(page, "Push live migrations from Cloud Manager or Ops Manager into Atlas.");
    await expectVisible(page, "API keys that authenticate programmatic access to an organization.");
  });

  it("shows Create one link-token: parameters, body, every response and its example", async () => {
    await expandTag(page, "Cloud Migration Service");
    await expectVisible(page, "Create one link-token");
    await expectVisible(page, "/orgs/{orgId}/liveMigrations/linkTokens");
    // The decision where MongoDB's sources disagreed.
    await expectVisible(page, "MongoDB's reference page shows");
    await expectVisible(page, /^orgId$/);
    await expectVisible(page, "string, = 24 characters");
    await expectVisible(page, /^pretty$/);
    await expectVisible(page, /^accessListIps$/);
    await expectVisible(page, "Array of strings");
    await expectVisible(page, '"203.0.113.7"');
    await expectVisible(page, '"9e4d4e2e-8a55-4d8c-9fb9-0e3a9d0b9a41.YWNjZXNzTGlzdElwcw"');
    const errorCodes: Record<string, string> = {
      "400": "INVALID_IP_ADDRESS_OR_CIDR_NOTATION",
      "401": "UNAUTHORIZED",
      "403": "IP_ADDRESS_NOT_ON_ACCESS_LIST",
      "404": "ORG_NOT_FOUND",
      "429": "RATE_LIMITED",
      "500": "UNEXPECTED_ERROR",
    };
    for (const [status, code] of Object.entries(errorCodes)) {
      await showResponse(page, "createLinkToken", status);
      await expectVisible(page, `"${code}"`);
    }
    await showResponse(page, "createLinkToken", "201");
    mkdirSync(artifacts, { recursive: true });
    await fullPageScreenshot(page, join(artifacts, "reference-page-link-token.png"));
  });

  it("shows Create one organization API key: body constraints, role enum, responses and examples", async () => {
    await expandTag(page, "Programmatic API Keys");
    await expectVisible(page, "Create one organization API key");
    await expectVisible(page, "/orgs/{orgId}/apiKeys");
    await expectVisible(page, "MongoDB's reference page marks");
    await expectVisible(page, /^orgId$/);
    await expectVisible(page, /^pretty$/);
    await expectVisible(page, /^desc$/);
    await expectVisible(page, /string,\s*\[\s*1\s*\.\.\s*250\s*\]\s*characters/);
    await expectVisible(page, /^roles$/);
    await expectVisible(page, /Array of strings,\s*non-empty/);
    for (const role of [
      "ORG_OWNER",
      "ORG_MEMBER",
      "ORG_GROUP_CREATOR",
      "ORG_READ_ONLY",
      "ORG_STREAM_PROCESSING_ADMIN",
    ]) {
      await expectVisible(page, role);
    }
    await expectVisible(page, '"zmmrboas"');
    await expectVisible(page, '"88e33af4-8d0c-4f5f-9a04-db2c132ca78d"');
    for (const [status, code] of Object.entries({ "400": "INVALID_API_KEY_DESC", "429": "RATE_LIMITED" })) {
      await showResponse(page, "createApiKey", status);
      await expectVisible(page, `"${code}"`);
    }
    await showResponse(page, "createApiKey", "200");
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path} (${o.operationId})`, o] as const))(
    "finds %s on the page: summary, path and every documented status",
    async (_, operation) => {
      const section = operationSection(page, operation.operationId);
      if ((await section.count()) === 0) {
        for (const tag of operation.tags) {
          if ((await section.count()) === 0) await expandTag(page, tag);
        }
      }
      await section.scrollIntoViewIfNeeded();
      await section.getByText(operation.summary, { exact: true }).first().waitFor({ state: "visible" });
      expect(await section.getByText(operation.path).count()).toBeGreaterThan(0);
      for (const status of operation.statuses) {
        await showResponse(page, operation.operationId, String(status));
      }
      // The rate limit of the operation's endpoint group (the spec's `x-atlas-rate-limit`).
      const limit = rateLimitOf(operation.tags);
      if (limit !== undefined) {
        await section
          .getByText(`${limit.capacity} requests per ${limit.scope.toLowerCase()}`, { exact: false })
          .first()
          .waitFor({ state: "visible" });
      }
    },
  );

  it("shows both authentication schemes on every operation, service accounts first", async () => {
    await expectVisible(page, /^ServiceAccounts or DigestAuth$/);
    await page.getByRole("button", { name: "View security details" }).first().click();
    await expectVisible(page, "A service account's access token, sent as");
    await expectVisible(page, "https://cloud.mongodb.com/api/oauth/token");
    await page.getByRole("tab", { name: "DigestAuth", exact: true }).click();
    await expectVisible(page, 'HTTP Digest authentication (RFC 7616) with qop="auth"');
    await expectVisible(page, "stale=true");
    await page.keyboard.press("Escape");
    await page
      .getByText('HTTP Digest authentication (RFC 7616) with qop="auth"')
      .waitFor({ state: "hidden" });
  });

  it("says in one section of its own how to run any sample against the mock", async () => {
    await page.goto(pageUrl);
    await page.getByText(SAMPLES_GUIDE_TITLE, { exact: true }).first().click();
    await expectVisible(page, "export ATLAS_BASE_URL=http://127.0.0.1:4010/api/atlas/v1.0");
    expect(await page.getByText("export ATLAS_BASE_URL=", { exact: false }).count()).toBe(1);
  });

  it("links where MongoDB's sources disagree to a page beside it that opens", async () => {
    const link = page.locator('a[href="spec-disagreements.md"]').first();
    await link.waitFor({ state: "attached", timeout: RENDER_TIMEOUT_MS });
    const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
    const response = await fetch(href);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^# /);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.operationId] as const))(
    "shows every code sample of %s, each under its own label",
    async (_, operationId) => {
      const operation = Object.values(published.paths)
        .flatMap((item) =>
          Object.values(item as Record<string, { operationId?: string; "x-codeSamples"?: CodeSample[] }>),
        )
        .find((op) => op.operationId === operationId);
      const samples = operation?.["x-codeSamples"] ?? [];
      // Three languages: curl and Python each with an API key and a service account, TypeScript.
      expect(samples.map((sample) => sample.label)).toEqual(SAMPLE_LANGUAGES.map((l) => l.label));
      expect(new Set(samples.map((sample) => sample.lang))).toEqual(
        new Set(["curl", "Python", "TypeScript"]),
      );
      // A deep link opens the operation, as a reader following one would (Redoc mounts the
      // sections near the one shown).
      await page.goto(`${pageUrl}#operation/${operationId}`);
      const section = operationSection(page, operationId);
      const labels = new RegExp(
        `^(${SAMPLE_LANGUAGES.map((l) => l.label.replace(/[()]/g, "\\$&")).join("|")})$`,
      );
      for (const sample of samples) {
        // The language menu of the request samples shows the current label; pick this one. The
        // button goes to the top of the window first, so that its menu opens inside it.
        const languages = section.getByRole("button", { name: labels }).first();
        await languages.evaluate((button) => button.scrollIntoView({ block: "start" }));
        await languages.click();
        await page.getByRole("menuitem", { name: sample.label, exact: true }).click();
        // A line no other sample of the operation has, shown in a visible code block.
        const others = samples.filter((other) => other !== sample).map((other) => other.source);
        const own = sample.source
          .split("\n")
          .find((line) => line.trim() !== "" && others.every((o) => !o.includes(line)));
        expect(own, `${sample.label} has a line of its own`).toBeDefined();
        await section
          .locator("pre, code")
          .filter({ hasText: (own ?? "").trim() })
          .filter({ visible: true })
          .first()
          .waitFor({ state: "visible", timeout: RENDER_TIMEOUT_MS });
      }
    },
  );

  it("saves a full-page screenshot", async () => {
    const path = join(artifacts, "reference-page.png");
    await fullPageScreenshot(page, path);
    console.log(`Screenshot: ${path}`);
    expect(existsSync(path)).toBe(true);
  });

  it("logs no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("sends no request beyond 127.0.0.1", () => {
    expect(browser.outsideRequests).toEqual([]);
  });
});
