import { createLogger } from "@stoplight/prism-core";
import type { PrismLogger } from "./types.js";

export const LOG_LEVELS = ["silent", "fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Loggers {
  /** Handed to Prism; its lines are named `PRISM`, or after Prism's component (`NEGOTIATOR`, …). */
  readonly prism: PrismLogger;
  /** The mock's own lines, named `MOCK`. */
  readonly mock: PrismLogger;
}

/**
 * Pino loggers at the given level. `silent` gets loggers that do nothing at all: even a silenced
 * pino creates a child logger per request, and logging is the largest cost Prism has.
 *
 * Every line has one `name`. Pino writes a child's or a call's `name` binding *after* its parent's
 * (`{"name":"PRISM","name":"NEGOTIATOR",…}`), which is not valid JSON for strict readers; here a
 * `name` binding picks another pino logger carrying that name instead (the innermost name wins,
 * as `JSON.parse` of the old lines would have read it).
 */
export function createLoggers(level: LogLevel): Loggers {
  if (level === "silent") return { prism: silentLogger, mock: silentLogger };
  const roots = new Map<string, Pino>();
  const root = (name: string): Pino => {
    let logger = roots.get(name);
    if (logger === undefined) {
      // One destination for all of them, so that lines keep their order.
      logger = createLogger(name, { level }, process.stdout);
      roots.set(name, logger);
    }
    return logger;
  };
  return { prism: named(root, "PRISM", {}), mock: named(root, "MOCK", {}) };
}

type Pino = ReturnType<typeof createLogger>;
type Method = "fatal" | "error" | "warn" | "info" | "success" | "debug" | "trace";
const METHODS: readonly Method[] = ["fatal", "error", "warn", "info", "success", "debug", "trace"];

function named(root: (name: string) => Pino, name: string, bindings: Record<string, unknown>): PrismLogger {
  const logger: Record<string, unknown> = {
    level: root(name).level,
    isLevelEnabled: (level: string) => root(name).isLevelEnabled(level),
    child: (childBindings: Record<string, unknown>) => {
      const { name: childName, ...rest } = childBindings;
      return named(root, typeof childName === "string" ? childName : name, { ...bindings, ...rest });
    },
  };
  for (const method of METHODS) {
    logger[method] = (...args: unknown[]) => {
      const [first, ...rest] = args;
      let target = name;
      let call = args;
      if (isPlainObject(first)) {
        const { name: callName, ...fields } = first;
        if (typeof callName === "string") target = callName;
        call = [{ ...bindings, ...fields }, ...rest];
      } else if (Object.keys(bindings).length > 0) {
        call = first instanceof Error ? [{ ...bindings, err: first }, ...rest] : [bindings, ...args];
      }
      const pino = root(target);
      (pino as unknown as Record<Method, (...args: unknown[]) => void>)[method].apply(pino, call);
    };
  }
  return logger as unknown as PrismLogger;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Error);
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
