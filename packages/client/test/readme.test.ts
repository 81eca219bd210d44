/**
 * The README's options table, errors list and pagination example are the client's truth: every
 * option the client reads is in the table (and nothing else is), the documented defaults are the
 * exported ones, every listed error is an exported AtlasError subclass (and every exported one is
 * listed), and the pagination example runs as written.
 */
import { readFileSync } from "node:fs";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";
import * as client from "../src/index.js";
import { json, recordingFetch } from "./helpers/recording-fetch.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const section = (title: string) => {
  const start = readme.indexOf(`## ${title}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
};
/** The first cell of each table row, split on `,` and stripped of backticks. */
const firstCells = (text: string) =>
  text
    .split("\n")
    .filter((line) => /^\| `/.test(line))
    .flatMap((line) => (line.split("|")[1] ?? "").split(",").map((cell) => cell.trim().replace(/`/g, "")));

/** The option names createAtlasAdminClient reads, recorded by a Proxy over the options. */
function optionsRead(options: Record<string, unknown>): Set<string> {
  const read = new Set<string>();
  const proxy = new Proxy(options, {
    get(target, key) {
      if (typeof key === "string") read.add(key);
      return target[key as string];
    },
  });
  client.createAtlasAdminClient(proxy as unknown as client.AtlasAdminClientOptions);
  return read;
}

describe("README", () => {
  it("the options table lists exactly the options the client reads", () => {
    const read = new Set([
      ...optionsRead({ publicKey: "p", privateKey: "k" }),
      ...optionsRead({ clientId: "id", clientSecret: "s" }),
    ]);
    expect(new Set(firstCells(section("Options")))).toEqual(read);
  });

  it("the options table states the exported defaults", () => {
    const options = section("Options");
    const row = (name: string) => options.split("\n").find((line) => line.startsWith(`| \`${name}\``)) ?? "";
    expect(row("baseUrl")).toContain(`\`${client.DEFAULT_BASE_URL}\``);
    expect(row("timeoutMs")).toContain(`\`${client.DEFAULT_TIMEOUT_MS}\``);
    expect(row("maxBodyBytes")).toContain(`\`${client.DEFAULT_MAX_BODY_BYTES}\``);
    expect(row("retry")).toContain(
      `\`{ attempts: ${client.DEFAULT_RETRY.attempts}, maxDelayMs: ${client.DEFAULT_RETRY.maxDelayMs} }\``,
    );
  });

  it("the errors list is every exported AtlasError subclass", () => {
    const listed = firstCells(section("Errors"));
    const exported = Object.entries(client)
      .filter(([, value]) => typeof value === "function" && value.prototype instanceof client.AtlasError)
      .map(([name]) => name);
    expect(new Set(listed)).toEqual(new Set(exported));
  });

  it("the pagination example runs as written", async () => {
    const code = /```ts\n([\s\S]*?)```/.exec(section("Pagination"))?.[1] ?? "";
    expect(code).toContain("atlas.paginate(");
    const wire = recordingFetch((request) => {
      const pageNum = Number(new URL(request.url).searchParams.get("pageNum"));
      const results =
        pageNum === 1 ? [{ id: "a", publicKey: "pa", desc: "first", roles: [], links: [] }] : [];
      return request.url.endsWith("/api/oauth/token")
        ? json(200, { access_token: "t0ken", token_type: "Bearer", expires_in: 3600 })
        : json(200, { results, totalCount: 1, links: [] });
    });
    const atlas = client.createAtlasAdminClient({
      clientId: "id",
      clientSecret: "secret",
      fetch: wire.fetch,
    });
    const { code: js } = await transform(code, { loader: "ts" });
    const lines: unknown[][] = [];
    const console = { log: (...args: unknown[]) => lines.push(args) };
    const run = new Function("atlas", "orgId", "console", `return (async () => {\n${js}\n})();`);
    await run(atlas, "5980cfc70b6d12029d82e3f6", console);
    expect(lines).toEqual([["a", "pa", "first"]]);
  });
});
