// The gate's regression corpus (fixtures/breaking/README.md): each pair of specs gets the verdict
// it states, from the part of the gate it names (redocly diff, the equivalence check, the
// behaviour diff), and its findings say what it lists. The pairs are read from the folder.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../breaking/judge.mjs";
import { bundle } from "../breaking/redocly.mjs";

const corpus = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "breaking");
const tmp = mkdtempSync(join(tmpdir(), "atlas-breaking-corpus-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Edit = { file: string; replace: string; with: string };
type Pair = {
  about: string;
  verdict: "breaking" | "minor" | "patch" | "none";
  from: ("redocly" | "equivalence" | "behaviour")[];
  says: string[];
  base?: Edit[];
  revision: Edit[];
};
const IMPACT = { breaking: "major", minor: "minor", patch: "patch" } as const;

/** A copy of the shared spec with `edits` applied; an edit that changes nothing is an error naming the pair. */
function specWith(pair: string, side: string, edits: Edit[]): string {
  const dir = join(tmp, pair, side);
  cpSync(join(corpus, "spec"), dir, { recursive: true });
  for (const edit of edits) {
    const path = join(dir, edit.file);
    const before = readFileSync(path, "utf8");
    if (!before.includes(edit.replace))
      throw new Error(`pair ${pair}: ${edit.file} has no ${JSON.stringify(edit.replace)}`);
    writeFileSync(path, before.replace(edit.replace, edit.with));
  }
  return join(dir, "openapi.yaml");
}

const pairs = readdirSync(join(corpus, "pairs"))
  .filter((name) => name.endsWith(".json"))
  .map((name): [string, Pair] => [
    name.replace(/\.json$/, ""),
    JSON.parse(readFileSync(join(corpus, "pairs", name), "utf8")),
  ]);

/** Each pair's two entry files and their bundles, all made in one Redocly run. */
const entries = new Map<string, [string, string]>();
const bundles = new Map<string, [object, object]>();
beforeAll(async () => {
  for (const [name, pair] of pairs) {
    entries.set(name, [
      specWith(name, "base", pair.base ?? []),
      specWith(name, "revision", [...(pair.base ?? []), ...pair.revision]),
    ]);
  }
  const documents = await bundle([...entries.values()].flat());
  [...entries.keys()].forEach((name, i) => {
    bundles.set(name, [documents[2 * i] as object, documents[2 * i + 1] as object]);
  });
});

describe("the breaking-change gate's corpus", () => {
  it("has pairs", () => expect(pairs.length).toBeGreaterThan(0));

  it.concurrent.each(pairs)("pair %s gets its verdict", async (name, pair) => {
    const [base, revision] = entries.get(name) as [string, string];
    const { findings, verdict } = await judge(base, revision, bundles.get(name));
    const listed = findings
      .map((f) => `  ${f.impact} ${f.source} ${f.operation ?? ""}: ${f.message}`)
      .join("\n");
    expect(verdict, `pair ${name}: expected ${pair.verdict}, the gate says ${verdict}:\n${listed}`).toBe(
      pair.verdict,
    );
    if (pair.verdict !== "none") {
      const deciding = findings.filter((f) => f.impact === IMPACT[pair.verdict as keyof typeof IMPACT]);
      for (const source of pair.from) {
        expect(
          deciding.some((f) => f.source === source),
          `pair ${name}: expected a ${pair.verdict} verdict from ${source}:\n${listed}`,
        ).toBe(true);
      }
    }
    for (const text of pair.says) {
      expect(
        findings.some((f) => f.message.includes(text)),
        `pair ${name}: no finding says ${JSON.stringify(text)}:\n${listed}`,
      ).toBe(true);
    }
  });
});
