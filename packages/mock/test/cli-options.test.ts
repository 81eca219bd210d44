import { describe, expect, it } from "vitest";
import { parseCliOptions, UsageError } from "../src/cli-options.js";

describe("parseCliOptions", () => {
  it("leaves unset options to startMock's defaults", () => {
    expect(parseCliOptions([], {})).toEqual({
      help: false,
      options: {
        port: undefined,
        host: undefined,
        publicKey: undefined,
        privateKey: undefined,
        specPath: undefined,
        nonceTtlMs: undefined,
        bodyTimeoutMs: undefined,
        dynamic: undefined,
        logLevel: undefined,
      },
    });
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

  it("refuses bad values", () => {
    expect(() => parseCliOptions(["--port", "abc"], {})).toThrow(UsageError);
    expect(() => parseCliOptions(["--port", "70000"], {})).toThrow(UsageError);
    expect(() => parseCliOptions(["--log-level", "loud"], {})).toThrow(UsageError);
    expect(() => parseCliOptions(["--nonce-ttl-ms", "0"], {})).toThrow(UsageError);
    expect(() => parseCliOptions(["extra"], {})).toThrow(UsageError);
  });

  it("recognises --help", () => {
    expect(parseCliOptions(["--help"], {})).toEqual({ help: true });
  });
});
