/**
 * The try-it panel in Debian's Chromium, against the mock serving the page at its one URL (as
 * `npm start` does): Digest signed in the page with exactly one 401 challenge on the wire, a wrong
 * private key's ApiError, a service account's token fetched once and reused, every operation of the
 * spec sent from its panel, a 429 asked for with `Prefer`, "copy as curl", credentials kept out of
 * URLs and storage, a cross-origin target through the mock's CORS, and the page opened from disk.
 * Every request but those to the chosen target is blocked, so the page can load nothing else.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  type RunningMock,
  startMock,
} from "@atlas-admin/mock";
import { loadSpec, specOperations } from "@atlas-admin/spec-kit";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Browser, launchBrowser } from "./browser.js";
import { RENDER_TIMEOUT_MS } from "./page-helpers.js";

const spec: any = loadSpec(inject("specBundle"));
const operations = specOperations(spec);
const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const artifacts = join(pkgDir, "artifacts");
const pagePath = join(process.env.ATLAS_DOCS_DIST ?? join(pkgDir, "dist"), "index.html");
const apiPath = new URL(spec.servers[0].url).pathname;
const tokenPath = new URL(spec.components.securitySchemes.ServiceAccounts.flows.clientCredentials.tokenUrl)
  .pathname;
/** An operation of the spec, by its operationId; the checks of one exchange use the example. */
function operation(operationId: string) {
  const found = operations.find((o) => o.operationId === operationId);
  if (found === undefined) throw new Error(`The spec has no operation ${operationId}.`);
  return found;
}
const createApiKey = operation("createApiKey");
/** The first list operation (a GET that needs no created resource). */
const list = operation(
  operations.find((o) => o.method === "get" && o.linkedFrom === undefined)?.operationId ?? "a GET",
);

interface WireEntry {
  method: string;
  url: string;
  status: number;
}

/** Opens the panel of one operation from its "Try it" button, reached by Redoc's deep link. */
async function openPanel(page: Page, base: string, operationId: string): Promise<void> {
  await page.goto(`${base}#operation/${operationId}`);
  const button = page.locator(`.atlas-try-it-open[data-operation-id="${operationId}"]`);
  await button.waitFor({ state: "visible", timeout: RENDER_TIMEOUT_MS });
  await button.click();
  await page.locator(`section[aria-label="Try ${operationId}"]`).waitFor({ timeout: RENDER_TIMEOUT_MS });
}

/** Presses Send and waits until that send has finished; returns the status shown. */
async function send(page: Page): Promise<number> {
  const panel = page.locator("section.atlas-try-it-operation");
  const before = Number(await panel.getAttribute("data-sent"));
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page
    .locator(`section.atlas-try-it-operation[data-sent="${before + 1}"]`)
    .waitFor({ timeout: RENDER_TIMEOUT_MS });
  const problem = page.locator(".atlas-try-it-problem");
  if ((await problem.count()) > 0) throw new Error(`The panel shows: ${await problem.textContent()}`);
  return Number(await page.locator(".atlas-try-it-status strong").textContent());
}

async function useApiKey(page: Page, publicKey: string, privateKey: string): Promise<void> {
  await page.getByRole("radio", { name: "API key (HTTP Digest)" }).check();
  await page.fill("#atlas-try-it-publicKey", publicKey);
  await page.fill("#atlas-try-it-privateKey", privateKey);
}

async function useServiceAccount(page: Page): Promise<void> {
  await page.getByRole("radio", { name: "Service account (OAuth 2.0)" }).check();
  await page.fill("#atlas-try-it-clientId", DEFAULT_CLIENT_ID);
  await page.fill("#atlas-try-it-clientSecret", DEFAULT_CLIENT_SECRET);
}

describe("the try-it panel, from the mock's one URL", () => {
  let mock: RunningMock;
  let browser: Browser;
  let page: Page;
  let base: string;
  const wire: WireEntry[] = [];
  const consoleLines: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mock = await startMock({ port: 0, docsPage: pagePath, specPath: inject("specBundle") });
    base = `${mock.url}/`;
    const origin = new URL(mock.url).origin;
    // Nothing but the mock (the chosen target) may be reached.
    browser = await launchBrowser(undefined, (url) => url.origin === origin);
    page = await browser.context.newPage();
    page.on("console", (message) => consoleLines.push(message.text()));
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("response", (response) =>
      wire.push({ method: response.request().method(), url: response.url(), status: response.status() }),
    );
    await page.goto(base, { waitUntil: "networkidle" });
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.close();
  });

  it("loads the page from the one URL and nothing else", () => {
    expect(wire).toEqual([{ method: "GET", url: base, status: 200 }]);
  });

  it("sends createApiKey signed with Digest: 200 after exactly one 401 challenge on the wire", async () => {
    const operation = createApiKey;
    await openPanel(page, base, operation.operationId);
    // The base URL is the page's own origin with the spec's server path.
    expect(await page.inputValue("#atlas-try-it-baseUrl")).toBe(`${mock.url}${apiPath}`);
    await useApiKey(page, DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY);
    wire.length = 0;
    expect(await send(page)).toBe(operation.success);
    const calls = wire.filter((entry) => entry.url.includes(apiPath));
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual([
      `${operation.method.toUpperCase()} 401`,
      `${operation.method.toUpperCase()} ${operation.success}`,
    ]);
    await expect(page.locator(".atlas-try-it-body").textContent()).resolves.toMatch(/"id": "[0-9a-f]{24}"/);
    // The nonce is kept: the next call is one signed request.
    wire.length = 0;
    expect(await send(page)).toBe(operation.success);
    expect(wire.filter((entry) => entry.url.includes(apiPath)).map((c) => c.status)).toEqual([
      operation.success,
    ]);
  });

  it("fills in the mock's published credentials, offered by the mock serving the page", async () => {
    await openPanel(page, base, createApiKey.operationId);
    await page.getByRole("button", { name: "Use the mock's credentials" }).click();
    expect(await page.inputValue("#atlas-try-it-publicKey")).toBe(DEFAULT_PUBLIC_KEY);
    expect(await page.inputValue("#atlas-try-it-privateKey")).toBe(DEFAULT_PRIVATE_KEY);
    expect(await send(page)).toBe(createApiKey.success);
  });

  it("shows the 401 ApiError for a wrong private key", async () => {
    await openPanel(page, base, createApiKey.operationId);
    await useApiKey(page, DEFAULT_PUBLIC_KEY, "wrong-private-key");
    expect(await send(page)).toBe(401);
    await expect(page.locator(".atlas-try-it-api-error").textContent()).resolves.toContain("UNAUTHORIZED");
  });

  it("calls with a service account, and the second call reuses its token", async () => {
    await openPanel(page, base, list.operationId);
    await useServiceAccount(page);
    wire.length = 0;
    expect(await send(page)).toBe(list.success);
    await expect(page.locator(".atlas-try-it-status").textContent()).resolves.toContain("new token");
    expect(await send(page)).toBe(list.success);
    await expect(page.locator(".atlas-try-it-status").textContent()).resolves.toContain("token reused");
    const tokenCalls = wire.filter((entry) => new URL(entry.url).pathname === tokenPath);
    expect(tokenCalls.map((c) => c.status)).toEqual([200]);
    const apiCalls = wire.filter((entry) => entry.url.includes(apiPath));
    expect(apiCalls.map((c) => c.status)).toEqual([list.success, list.success]);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path} (${o.operationId})`, o] as const))(
    "sends %s from its panel and shows a status the spec documents for it",
    async (_, operation) => {
      await openPanel(page, base, operation.operationId);
      await useApiKey(page, DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY);
      wire.length = 0;
      const status = await send(page);
      expect(status).not.toBe(401);
      expect(operation.statuses).toContain(status);
      const last = wire.filter((entry) => entry.url.includes(apiPath)).at(-1);
      expect(last?.method).toBe(operation.method.toUpperCase());
      expect(last?.status).toBe(status);
    },
  );

  it("shows Retry-After on a 429 asked for with Prefer", async () => {
    await openPanel(page, base, createApiKey.operationId);
    await useApiKey(page, DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY);
    await page.selectOption('select[name="prefer"]', "code=429");
    expect(await send(page)).toBe(429);
    const headers = page.locator(".atlas-try-it-headers");
    await expect(headers.locator("th", { hasText: /^retry-after$/ }).count()).resolves.toBe(1);
    await expect(page.locator(".atlas-try-it-api-error").textContent()).resolves.toContain("RATE_LIMITED");
    await page.selectOption('select[name="prefer"]', "");
  });

  it("copies the call as curl with the credentials as variables, never their values", async () => {
    await openPanel(page, base, createApiKey.operationId);
    await useApiKey(page, DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY);
    await page.getByRole("button", { name: "Copy as curl" }).click();
    const digest = (await page.locator(".atlas-try-it-curl").textContent()) ?? "";
    expect(digest).toContain('--digest --user "$ATLAS_PUBLIC_KEY:$ATLAS_PRIVATE_KEY"');
    expect(digest).toContain(`${mock.url}${apiPath}`);
    expect(digest).not.toContain(DEFAULT_PRIVATE_KEY);
    await useServiceAccount(page);
    await page.getByRole("button", { name: "Copy as curl" }).click();
    const bearer = (await page.locator(".atlas-try-it-curl").textContent()) ?? "";
    expect(bearer).toContain('"$ATLAS_CLIENT_ID:$ATLAS_CLIENT_SECRET"');
    expect(bearer).not.toContain(DEFAULT_CLIENT_SECRET);
  });

  it("keeps credentials out of URLs, the console and storage unless the box is ticked", async () => {
    const secrets = [DEFAULT_PRIVATE_KEY, DEFAULT_CLIENT_SECRET];
    for (const entry of wire) for (const secret of secrets) expect(entry.url).not.toContain(secret);
    for (const line of consoleLines) for (const secret of secrets) expect(line).not.toContain(secret);
    const stored = () => page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    await openPanel(page, base, createApiKey.operationId);
    await useServiceAccount(page);
    for (const secret of secrets) expect(await stored()).not.toContain(secret);
    await page.getByRole("checkbox", { name: /Remember the credentials/ }).check();
    await expect.poll(stored).toContain(DEFAULT_CLIENT_SECRET);
    await page.getByRole("checkbox", { name: /Remember the credentials/ }).uncheck();
    await expect.poll(stored).not.toContain(DEFAULT_CLIENT_SECRET);
    for (const secret of secrets) expect(await stored()).not.toContain(secret);
  });

  it("saves a screenshot of the panel", async () => {
    await page.setViewportSize({ width: 1400, height: 1500 });
    await openPanel(page, base, createApiKey.operationId);
    await useApiKey(page, DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY);
    await send(page);
    await page.locator("aside.atlas-try-it").evaluate((panel) => panel.scrollTo(0, 0));
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "try-it-panel.png") });
  });

  it("throws no page error and reaches nothing but the mock", () => {
    expect(pageErrors).toEqual([]);
    expect(browser.outsideRequests).toEqual([]);
  });
});

describe("the try-it panel against another origin", () => {
  let mock: RunningMock;
  let browser: Browser;

  beforeAll(async () => {
    mock = await startMock({ port: 0, docsPage: pagePath, specPath: inject("specBundle") });
    const port = new URL(mock.url).port;
    // The page comes from http://localhost:<port>, the API from http://127.0.0.1:<port>: two origins.
    browser = await launchBrowser(
      undefined,
      (url) => url.port === port && (url.hostname === "localhost" || url.hostname === "127.0.0.1"),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await mock?.close();
  });

  it("signs with Digest and gets a service account's token through the mock's CORS", async () => {
    const page = await browser.context.newPage();
    const base = `http://localhost:${new URL(mock.url).port}/`;
    await page.goto(base, { waitUntil: "networkidle" });
    await openPanel(page, base, createApiKey.operationId);
    await page.fill("#atlas-try-it-baseUrl", `${mock.url}${apiPath}`);
    await useApiKey(page, DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY);
    // A preflight allowed Authorization; the 401's WWW-Authenticate was exposed to the page.
    expect(await send(page)).toBe(createApiKey.success);
    await openPanel(page, base, list.operationId);
    await useServiceAccount(page);
    expect(await send(page)).toBe(list.success);
    expect(browser.outsideRequests).toEqual([]);
  });
});

describe("the page opened from disk", () => {
  let browser: Browser;
  beforeAll(async () => {
    // No request at all may leave the page.
    browser = await launchBrowser(undefined, (url) => url.protocol === "file:");
  });
  afterAll(() => browser?.close());

  it("renders the panel, targets the spec's server and requests nothing", async () => {
    const page = await browser.context.newPage();
    const base = pathToFileURL(pagePath).href;
    await page.goto(base, { waitUntil: "networkidle" });
    await openPanel(page, base, createApiKey.operationId);
    expect(await page.inputValue("#atlas-try-it-baseUrl")).toBe(spec.servers[0].url.replace(/\/$/, ""));
    // Prefer is the mock's: not offered for Atlas.
    expect(await page.locator('select[name="prefer"]').count()).toBe(0);
    expect(browser.outsideRequests).toEqual([]);
  });
});
