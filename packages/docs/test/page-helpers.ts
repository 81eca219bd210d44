// Reading the Redoc 3 page the way a reader does: expand, scroll, look at visible text.
import type { Locator, Page } from "playwright-core";

/**
 * How long (ms) a check waits for the page to show something. Generous: CI runs this file while
 * every other package's suite competes for the same two cores, and Redoc renders lazily.
 */
export const RENDER_TIMEOUT_MS = 30_000;

/** Waits until some element showing `text` is visible (rendered, not hidden, not collapsed). */
export async function expectVisible(page: Page, text: string | RegExp): Promise<void> {
  const match = page.getByText(text).filter({ visible: true }).first();
  try {
    await match.waitFor({ state: "visible", timeout: RENDER_TIMEOUT_MS });
  } catch {
    throw new Error(`Not visible on the page: ${String(text)}`);
  }
}

/** Expands a tag's operations with its "+ Show" button, as a reader does. */
export async function expandTag(page: Page, tag: string): Promise<void> {
  const show = page.locator(
    `xpath=//h2[contains(normalize-space(.), "${tag}")]/following::button[normalize-space(.)="+ Show"][1]`,
  );
  await show.click();
  // A tag with several operations shows one list of response statuses per operation.
  await page.getByRole("tablist", { name: "Response status" }).first().waitFor();
  await renderAll(page);
}

/** Redoc mounts nested schema sections only when they scroll into view: scroll through once. */
export async function renderAll(page: Page): Promise<void> {
  let y = 0;
  for (;;) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (y >= height) break;
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(100);
    y += 600;
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The section of one operation (Redoc's `data-section-id` ends with the lower-cased operationId). */
export function operationSection(page: Page, operationId: string): Locator {
  return page.locator(`[data-section-id$="/${operationId.toLowerCase()}"]`);
}

/** Shows one status code of one operation in the middle panel and its example in the right panel. */
export async function showResponse(page: Page, operationId: string, status: string): Promise<void> {
  const section = operationSection(page, operationId);
  await section.scrollIntoViewIfNeeded();
  await section.getByRole("tablist", { name: "Response status" }).getByRole("tab", { name: status }).click();
  await section.getByRole("button", { name: status, exact: true }).filter({ visible: true }).first().click();
}

/** A full-page screenshot: the viewport grows to the page height so every lazy section renders. */
export async function fullPageScreenshot(page: Page, path: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1400, height: 900 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height });
  await page.waitForTimeout(300);
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize(size);
}
