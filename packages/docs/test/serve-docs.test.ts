import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { serveDocs } from "../scripts/serve-docs.mjs";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));

describe("serveDocs", () => {
  it("serves the page on 127.0.0.1 and nothing outside dist/", async () => {
    const { url, close } = await serveDocs({ port: 0 });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toContain("<title>MongoDB Atlas Administration API");
      expect((await fetch(new URL("cloud-migration-service", url))).status).toBe(200);
      expect((await fetch(new URL("missing.js", url))).status).toBe(404);
      expect((await fetch(`${url}..%2fpackage.json`)).status).toBe(404);
      expect((await fetch(url, { method: "POST" })).status).toBe(405);
    } finally {
      await close();
    }
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "runs from the command line, prints its URL, exits 0 on %s",
    async (signal) => {
      const child = spawn(process.execPath, ["scripts/serve-docs.mjs", "--port", "0"], { cwd: pkgDir });
      const [line] = (await once(child.stdout, "data")) as [Buffer];
      const url = line.toString().trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(url)).status).toBe(200);
      child.kill(signal);
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
    },
  );
});
