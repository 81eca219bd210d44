/**
 * Secret-safe logging: one line per attempt (method, path, status, attempt, ms, what happened,
 * the server's request id) and one per wait or token replacement. A line is built only from the
 * method, the URL path, figures and response headers chosen here, then redacted: never a header
 * the client sent, never a body.
 */
import { expectOption, hasMethods } from "./options.js";
import type { Redact } from "./redact.js";

/** Where lines go: `console` fits. Each method is called with one string. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The least severe level written; `"off"` (the default) writes nothing. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

export type Log = (level: Exclude<LogLevel, "off">, message: string) => void;

const RANK = { debug: 0, info: 1, warn: 2, error: 3, off: 4 } as const;
const LEVELS = Object.keys(RANK);

/** Undefined when nothing would be written, so callers skip building lines. */
export function createLog(
  logger: Logger | undefined,
  level: LogLevel | undefined,
  redact: Redact,
): Log | undefined {
  expectOption(
    level === undefined || LEVELS.includes(level),
    "logLevel",
    `one of ${LEVELS.join(", ")}`,
    level,
  );
  expectOption(
    logger === undefined || hasMethods(logger, LEVELS.slice(0, 4)),
    "logger",
    "an object with debug, info, warn and error methods",
    logger,
  );
  if (logger === undefined || level === undefined || level === "off") return undefined;
  const min = RANK[level];
  return (at, message) => {
    if (RANK[at] >= min) logger[at](`atlas-admin: ${redact(message)}`);
  };
}

/** What a response means to the client, for its attempt line. */
export function describeResponse(response: Response): string {
  const { status } = response;
  const challenge = response.headers.get("WWW-Authenticate") ?? "";
  if (status === 401)
    return !/(^|,)\s*digest\b/i.test(challenge)
      ? "refused"
      : /stale\s*=\s*"?true/i.test(challenge)
        ? "stale nonce"
        : "digest challenge";
  return status === 429 ? "rate limited" : "";
}

/** The server's request id, if it sent one. */
export function requestId(response: Response): string | undefined {
  const id = response.headers.get("X-Request-Id") ?? response.headers.get("X-Correlation-Id");
  return id === null ? undefined : id.slice(0, 100);
}
