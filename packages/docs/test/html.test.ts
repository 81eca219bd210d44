import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const html = readFileSync(join(pkgDir, "dist", "index.html"), "utf8");

describe("dist/index.html", () => {
  it("has no external script, stylesheet, font or image reference", () => {
    expect(html.match(/<script[^>]+\bsrc\s*=\s*["']?(https?:)?\/\//gi) ?? []).toEqual([]);
    expect(html.match(/<link[^>]+\bhref\s*=\s*["']?(https?:)?\/\//gi) ?? []).toEqual([]);
    expect(html.match(/<img[^>]+\bsrc\s*=\s*["']?(https?:)?\/\//gi) ?? []).toEqual([]);
    expect(html.match(/@import\s+(url\()?\s*["']?(https?:)?\/\//gi) ?? []).toEqual([]);
    expect(html.match(/url\(\s*["']?(https?:)?\/\//gi) ?? []).toEqual([]);
    expect(html.match(/fonts\.(googleapis|gstatic)\.com|cdn\.redoc(ly)?\.(ly|com)\/redoc/gi) ?? []).toEqual(
      [],
    );
  });

  it("inlines Redoc and the spec", () => {
    expect(html).toContain("hydrate(__redoc_definition, __redoc_options");
    expect(html).not.toMatch(/import\s*\{\s*hydrate\s*\}\s*from\s*["']https?:/);
    expect(html).toContain('"operationId":"createLinkToken"');
    expect(html).toContain('"operationId":"createApiKey"');
    expect(html).toContain('"disableTelemetry":true');
  });

  it("is rebuilt by scripts/build-docs.mjs, whose last output line is the page's absolute path", () => {
    const dir = mkdtempSync(join(tmpdir(), "docs-build-"));
    try {
      const output = join(dir, "index.html");
      const run = spawnSync(process.execPath, ["scripts/build-docs.mjs", "--output", output], {
        cwd: pkgDir,
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split("\n")).toEqual([output]);
      expect(readFileSync(output, "utf8").length).toBeGreaterThan(1_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
