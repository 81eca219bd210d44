import { createLogger } from "@stoplight/prism-core";
import type { PrismLogger } from "./types.js";

export const LOG_LEVELS = ["silent", "fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Prism's pino logger at the given level. `silent` gets a logger that does nothing at all: even a
 * silenced pino creates a child logger per request, and logging is the largest cost Prism has.
 */
export function createPrismLogger(level: LogLevel): PrismLogger {
  if (level === "silent") return silentLogger;
  return createLogger("PRISM", { level });
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
