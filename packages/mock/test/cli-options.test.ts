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
