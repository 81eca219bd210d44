// llms.txt and the Markdown beside the page, as an assistant reads them: the llms.txt format,
// links that resolve to built files, and only samples the contract suite ran and passed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "@atlas-admin/mock";
import { loadSpec, specOperations } from "@atlas-admin/spec-kit";
import { afterAll, describe, expect, inject, it } from "vitest";
import { operationFile } from "../scripts/llms.mjs";
import { publishedSamples, readSampleRuns, sampleHash, specDigest } from "../scripts/sample-runs.mjs";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = process.env.ATLAS_DOCS_DIST ?? join(pkgDir, "dist");
const bundlePath = inject("specBundle");
const bundle = JSON.parse(readFileSync(bundlePath, "utf8"));
const operations = specOperations(loadSpec(bundlePath));
const read = (path: string) => readFileSync(join(dist, path), "utf8");

/** The Markdown links of a text: `[text](url)`, without in-page anchors. */
const links = (text: string) =>
  [...text.matchAll(/\[([^\]]*)\]\(([^)\s]+)\)/g)]
    .map((m) => m[2] as string)
    .filter((url) => !url.startsWith("#"));

/** The fenced blocks under a file's "## Code samples": `[label, text]`. */
function samplesIn(markdown: string): [string, string][] {
  const section = markdown.split(/^## Code samples$/m)[1] ?? "";
  return [...section.matchAll(/^### (.+)\n\n```[a-z]*\n([\s\S]*?)\n```$/gm)].map(
    (m) => [m[1] as string, `${m[2]}\n`] as [string, string],
  );
}

describe("llms.txt", () => {
  const text = read("llms.txt");

  it("has the llms.txt format: an H1, a summary blockquote, then H2 sections of link lists", () => {
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^# \S/);
    expect(lines.filter((line) => line.startsWith("# "))).toHaveLength(1);
    const quote = lines.findIndex((line) => line.startsWith(">"));
    const firstH2 = lines.findIndex((line) => line.startsWith("## "));
    expect(quote).toBeGreaterThan(0);
    expect(quote).toBeLessThan(firstH2);
    expect(lines.slice(1, quote).every((line) => line.trim() === "")).toBe(true);
    const sections = text.slice(text.indexOf("\n## ") + 1).split(/^(?=## )/m);
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) {
      const items = section.split("\n").filter((line) => line.startsWith("- "));
      expect(items.length, section.split("\n")[0]).toBeGreaterThan(0);
      for (const item of items) expect(item).toMatch(/^- \[[^\]]+\]\([^)\s]+\)(: .+)?$/);
      // Nothing but the heading, an optional paragraph and the list.
      expect(section.split("\n").filter((l) => l.startsWith("#")).length).toBe(1);
    }
  });

  it("links every operation of the spec to its Markdown file", () => {
    for (const operation of operations) expect(links(text)).toContain(operationFile(operation.operationId));
  });

  it("every link of llms.txt and of the files it links resolves to a built file", () => {
    for (const url of links(text)) {
      expect(existsSync(join(dist, url)), url).toBe(true);
      if (!url.endsWith(".md")) continue;
      for (const inner of links(read(url)).filter((u) => !/^https?:/.test(u))) {
        expect(existsSync(join(dist, dirname(url), inner)), `${url} → ${inner}`).toBe(true);
      }
    }
  });
});

describe("the Markdown file of each operation", () => {
  const record = readSampleRuns();

  it.each(operations.map((o) => [o.operationId, o] as const))(
    "%s: parameters, body, statuses with error codes, rate limit, samples",
    (operationId, operation) => {
      const markdown = read(operationFile(operationId));
      expect(markdown.split("\n")[0]).toBe(`# ${operation.summary}`);
      expect(markdown).toContain(`\`${operation.method.toUpperCase()} ${operation.path}\``);
      for (const heading of ["Parameters", "Request body", "Responses", "Rate limit", "Code samples"])
        expect(markdown).toMatch(new RegExp(`^## ${heading}$`, "m"));
      for (const parameter of operation.parameters) expect(markdown).toContain(`| \`${parameter.name}\` |`);
      for (const status of operation.statuses)
        expect(markdown).toMatch(new RegExp(`^\\| ${status} \\|`, "m"));
      for (const [status, , value] of operation.namedExamples()) {
        const code = (value as { errorCode?: string }).errorCode;
        if (code !== undefined)
          expect(markdown, `${status} ${code}`).toMatch(new RegExp(`^\\| ${status} \\|.*\`${code}\``, "m"));
      }
    },
  );

  it.each(operations.map((o) => [o.operationId] as const))(
    "%s: every sample is byte-identical to one the contract suite ran and passed, for this spec",
    (operationId) => {
      expect(record?.spec, "sample-runs.json is for the spec the page was built from").toBe(
        specDigest(bundle),
      );
      const shown = samplesIn(read(operationFile(operationId)));
      const expected = publishedSamples(bundle).filter((s) => s.operationId === operationId);
      expect(shown.map(([label]) => label)).toEqual(expected.map((s) => s.label));
      for (const [label, source] of shown) {
        expect(record?.samples[sampleHash(source)], `${operationId} ${label}`).toBe(
          `${operationId} ${label}`,
        );
      }
    },
  );
});

describe("scripts/build-llms.mjs", () => {
  const tmp = mkdtempSync(join(tmpdir(), "atlas-llms-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const build = (record: unknown) => {
    const file = join(tmp, "sample-runs.json");
    writeFileSync(file, JSON.stringify(record));
    return spawnSync(process.execPath, ["scripts/build-llms.mjs", "--output", join(tmp, "out")], {
      cwd: pkgDir,
      encoding: "utf8",
      env: { ...process.env, ATLAS_SAMPLE_RUNS: file, ATLAS_SPEC_BUNDLE: bundlePath },
    });
  };

  it("builds from a record that lists every sample; the last line is llms.txt's path", () => {
    const result = build(readSampleRuns());
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(join(tmp, "out", "llms.txt"));
    expect(readFileSync(join(tmp, "out", "llms.txt"), "utf8")).toBe(read("llms.txt"));
  });

  it("fails, naming the sample, when a listed sample has no passing run", () => {
    const record = structuredClone(readSampleRuns()) as { spec: string; samples: Record<string, string> };
    const [missing] = publishedSamples(bundle);
    delete record.samples[missing?.hash ?? ""];
    const result = build(record);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${missing?.operationId} ${missing?.label}`);
    expect(result.stderr).toContain("run record-samples");
  });

  it("fails when the record was made for another spec", () => {
    const result = build({ ...readSampleRuns(), spec: specDigest({ another: "spec" }) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("for another spec");
  });
});

describe("the digest that keys sample-runs.json to a spec", () => {
  it("changes with what a run depends on, not with prose", () => {
    const prose = structuredClone(bundle);
    prose.info.description = `${prose.info.description ?? ""} More prose.`;
    for (const item of Object.values(prose.paths) as Record<string, { summary?: string }>[])
      for (const operation of Object.values(item)) operation.summary = "Another summary";
    expect(specDigest(prose)).toBe(specDigest(bundle));
    const server = structuredClone(bundle);
    server.servers = [{ url: "https://example.com/api/atlas/v2.0" }];
    expect(specDigest(server)).not.toBe(specDigest(bundle));
    const example = structuredClone(bundle);
    const [name] = Object.keys(example.components.examples);
    example.components.examples[name as string].value = { another: "value" };
    expect(specDigest(example)).not.toBe(specDigest(bundle));
  });
});

describe("served beside the page by the mock (`npm start`)", () => {
  it("llms.txt as text/plain and each Markdown file as text/markdown", async () => {
    const mock = await startMock({ port: 0, docsPage: join(dist, "index.html") });
    const url = `${mock.url}/`;
    try {
      const txt = await fetch(new URL("llms.txt", url));
      expect(txt.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await txt.text()).toBe(read("llms.txt"));
      for (const link of links(read("llms.txt")).filter((l) => l.endsWith(".md"))) {
        const md = await fetch(new URL(link, url));
        expect(md.status, link).toBe(200);
        expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
      }
    } finally {
      await mock.close();
    }
  });

  it("the page's link to where MongoDB's sources disagree is a file beside it", () => {
    const html = read("index.html");
    expect(html).toContain("](spec-disagreements.md)");
    expect(html).not.toContain("`docs/decisions/spec-disagreements.md`");
    expect(existsSync(join(dist, "spec-disagreements.md"))).toBe(true);
  });
});
