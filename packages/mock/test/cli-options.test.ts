import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandName, OPTIONS, optionsTable, parseCliOptions, UsageError, usage } from "../src/options.js";

describe("parseCliOptions", () => {
  it("leaves unset options to startMock's defaults", () => {
    expect(parseCliOptions([], {})).toEqual({ help: false, options: {} });
  });

  it("reads the environment, and flags win over it", () => {
    const env = { PORT: "5000", ATLAS_MOCK_PUBLIC_KEY: "envpub", ATLAS_MOCK_PRIVATE_KEY: "envpriv" };
    const command = parseCliOptions(["--port", "0", "--private-key", "flagpriv", "--verbose"], env);
    expect(command).toMatchObject({
      help: false,
      options: { port: 0, publicKey: "envpub", privateKey: "flagpriv", logLevel: "info" },
    });
  });

  it("lets an explicit --log-level win over --verbose, and --verbose win over the environment", () => {
    const env = { ATLAS_MOCK_LOG_LEVEL: "warn" };
    expect(parseCliOptions(["--verbose", "--log-level", "debug"], env)).toMatchObject({
      options: { logLevel: "debug" },
    });
    expect(parseCliOptions(["--log-level", "trace", "--verbose"], env)).toMatchObject({
      options: { logLevel: "trace" },
    });
    expect(parseCliOptions(["--verbose"], env)).toMatchObject({ options: { logLevel: "info" } });
    expect(parseCliOptions([], env)).toMatchObject({ options: { logLevel: "warn" } });
  });

  it("prefers ATLAS_MOCK_PORT to PORT", () => {
    expect(parseCliOptions([], { PORT: "5000", ATLAS_MOCK_PORT: "5001" })).toMatchObject({
      options: { port: 5001 },
    });
    expect(parseCliOptions([], { PORT: "5000" })).toMatchObject({ options: { port: 5000 } });
    expect(parseCliOptions(["--port", "0"], { ATLAS_MOCK_PORT: "5001" })).toMatchObject({
      options: { port: 0 },
    });
  });

  it("reads the body timeout from --body-timeout-ms or ATLAS_MOCK_BODY_TIMEOUT_MS", () => {
    expect(parseCliOptions([], { ATLAS_MOCK_BODY_TIMEOUT_MS: "2500" })).toMatchObject({
      options: { bodyTimeoutMs: 2500 },
    });
    expect(
      parseCliOptions(["--body-timeout-ms", "300"], { ATLAS_MOCK_BODY_TIMEOUT_MS: "2500" }),
    ).toMatchObject({ options: { bodyTimeoutMs: 300 } });
    expect(() => parseCliOptions(["--body-timeout-ms", "0"], {})).toThrow(UsageError);
  });

  it("reads lists, on/off and numbers", () => {
    expect(
      parseCliOptions(
        ["--fault", "reset", "--fault", "status=503", "--fault-rate", "0.5", "--rate-limits", "off"],
        {},
      ),
    ).toMatchObject({ options: { faults: ["reset", "status=503"], faultRate: 0.5, rateLimits: false } });
    expect(parseCliOptions([], { ATLAS_MOCK_FAULTS: "reset,timeout" })).toMatchObject({
      options: { faults: ["reset", "timeout"] },
    });
  });

  it("refuses bad values, naming the flag", () => {
    for (const argv of [
      ["--port", "abc"],
      ["--port", "70000"],
      ["--log-level", "loud"],
      ["--nonce-ttl-ms", "0"],
      ["--rate-limits", "maybe"],
      ["--rate-limit-scale", "0"],
      ["--fault-rate", "2"],
      ["--fault", "boom"],
      ["--fault-rate", "0.5"],
      ["--report", "x.jsonl"],
      ["--proxy"],
      ["--seed", "99999999999999999999"],
      ["extra"],
    ])
      expect(() => parseCliOptions(argv, {}), argv.join(" ")).toThrow(UsageError);
    expect(() => parseCliOptions(["--port", "abc"], {})).toThrow(/--port/);
  });

  it("takes a relative --spec, --docs-page or --report from ATLAS_MOCK_CWD when it is set", () => {
    const argv = ["--spec", "s.yaml", "--docs-page", "/abs/index.html", "--upstream", "http://127.0.0.1:9"];
    const env = { ATLAS_MOCK_CWD: "/where/npm/ran", ATLAS_MOCK_REPORT: "out/f.jsonl" };
    expect(parseCliOptions(argv, env)).toMatchObject({
      options: {
        specPath: "/where/npm/ran/s.yaml",
        docsPage: "/abs/index.html",
        report: "/where/npm/ran/out/f.jsonl",
      },
    });
    expect(parseCliOptions(["--spec", "s.yaml"], { INIT_CWD: "/where/pnpm/ran" })).toMatchObject({
      options: { specPath: "s.yaml" },
    });
    expect(usage("x")).toContain(
      "A relative path (--spec, --report, --docs-page) is taken from ATLAS_MOCK_CWD when it is set",
    );
  });

  it("recognises --help", () => {
    expect(parseCliOptions(["--help"], {})).toEqual({ help: true });
  });
});

describe("the options table", () => {
  it("names the command that was run in the usage line", () => {
    expect(commandName("/p/node_modules/.bin/atlas-admin-mock", "/p")).toBe("atlas-admin-mock");
    expect(commandName("/repo/packages/mock/dist/cli.js", "/repo")).toBe("node packages/mock/dist/cli.js");
    expect(usage("atlas-admin-mock").split("\n")[0]).toBe("Usage: atlas-admin-mock [options]");
  });

  it("gives every option a flag, a default or a shown default, and a line of --help", () => {
    const help = usage("x");
    for (const spec of Object.values(OPTIONS)) {
      expect(help).toContain(`--${spec.flag}`);
      expect("default" in spec || "shown" in spec, spec.flag).toBe(true);
    }
  });

  it("is the README's table of flags (write it with `node scripts/options-table.mjs` after a build)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const match = /<!-- options-table[^>]*-->\n([\s\S]*?)\n<!-- \/options-table -->/.exec(readme);
    expect(match?.[1]).toBe(optionsTable());
  });
});
