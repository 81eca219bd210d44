/**
 * The reference page served by the mock (`docsPage`), with the files built beside it for
 * assistants (`llms.txt`, Markdown), read once at start: nothing else on the disk can be asked for.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";

const root = mkdtempSync(join(tmpdir(), "mock-docs-site-"));
const site = join(root, "site");
let mock: RunningMock;

beforeAll(async () => {
  mkdirSync(join(site, "operations"), { recursive: true });
  writeFileSync(join(site, "index.html"), "<!doctype html><title>page</title><body></body>");
  writeFileSync(join(site, "llms.txt"), "# Atlas\n");
  writeFileSync(join(site, "operations", "createApiKey.md"), "# Create one organization API key\n");
  writeFileSync(join(site, "secret.json"), '{"privateKey":"x"}');
  writeFileSync(join(root, "outside.md"), "# outside\n");
  mock = await startMock({ port: 0, docsPage: join(site, "index.html") });
});
afterAll(async () => {
  await mock?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the files beside the page", () => {
  it.each([
    ["/", "text/html; charset=utf-8", "<!doctype html>"],
    ["/index.html", "text/html; charset=utf-8", "<!doctype html>"],
    ["/llms.txt", "text/plain; charset=utf-8", "# Atlas"],
    ["/operations/createApiKey.md", "text/markdown; charset=utf-8", "# Create one organization API key"],
  ])("%s is served as %s", async (path, type, start) => {
    const response = await fetch(`${mock.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(await response.text()).toMatch(new RegExp(`^${start.replace(/[()]/g, "\\$&")}`));
  });

  it.each([
    "/secret.json",
    "/../outside.md",
    "/%2e%2e/outside.md",
    "/operations/../../outside.md",
    "/index.html/",
  ])("%s is not a file of the site: the request goes on to the API", async (path) => {
    const response = await fetch(`${mock.url}${path}`);
    expect(response.status).not.toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.text()).not.toMatch(/outside|privateKey/);
  });
});
