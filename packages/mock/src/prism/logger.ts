import { Writable } from "node:stream";
import { createLogger } from "@stoplight/prism-core";
import type { LogLevel } from "../options.js";
import type { PrismLogger } from "./types.js";

export interface Loggers {
  /** Handed to Prism; its lines are named `PRISM`, with Prism's part (`NEGOTIATOR`, …) as `component`. */
  readonly prism: PrismLogger;
  /** The mock's own lines, named `MOCK`. */
  readonly mock: PrismLogger;
}

/**
 * Prism's pino loggers (prism-core's `createLogger`) at the given level, one JSON object a line on
 * stdout. `silent` gets loggers that do nothing at all.
 */
export function createLoggers(level: LogLevel): Loggers {
  if (level === "silent") return { prism: silentLogger, mock: silentLogger };
  const destination = oneKeyEachLine(process.stdout);
  const prism = createLogger("PRISM", { level }, destination) as unknown as PrismLogger;
  const mock = createLogger("MOCK", { level }, destination) as unknown as PrismLogger;
  return { prism, mock };
}

/**
 * Pino's destination: Prism names its parts with a child's (or a call's) `name`, which pino writes
 * after the root's as a second `name` key, and strict JSON readers refuse duplicate keys. Each line
 * is written again with every key once, the innermost value kept (as `JSON.parse` reads it).
 */
function oneKeyEachLine(out: NodeJS.WritableStream): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      const lines = String(chunk)
        .split("\n")
        .filter((line) => line !== "");
      for (const line of lines) {
        let text = line;
        try {
          text = JSON.stringify(JSON.parse(line));
        } catch {
          // not JSON: written as it came
        }
        out.write(`${text}\n`);
      }
      done();
    },
  });
}

const noop = (): void => {};
const silentLogger = {
  level: "silent",
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  success: noop,
  debug: noop,
  trace: noop,
  child: () => silentLogger,
  isLevelEnabled: () => false,
} as unknown as PrismLogger;
