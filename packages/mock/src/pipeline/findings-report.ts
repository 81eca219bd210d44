/**
 * The validating proxy's findings: one JSON line per exchange that breaks the spec, appended to a
 * file, and one line of summary on stdout. Lines name operations, places and rules, never values:
 * no header, key, token or secret of the exchange can reach them.
 */
import { appendFileSync } from "node:fs";
import type { Finding } from "../atlas/validate-output.js";

export interface ExchangeFindings {
  /** The operation's operationId, or `null` for a path the spec does not have. */
  readonly operationId: string | null;
  readonly method: string;
  /** The spec's path template, or the request's path when the spec has none. */
  readonly path: string;
  /** The status the client received. */
  readonly status: number;
  readonly violations: readonly Finding[];
}

export type FindingsSink = (exchange: ExchangeFindings) => void;

/**
 * Writes each exchange with findings to `file` (JSON lines, appended) and a summary to `print`.
 * @throws the file system's error when `file` cannot be written (checked once at creation).
 */
export function createFindingsReport(file: string | undefined, print: (line: string) => void): FindingsSink {
  if (file !== undefined) appendFileSync(file, "");
  return (exchange) => {
    if (exchange.violations.length === 0) return;
    if (file !== undefined)
      appendFileSync(file, `${JSON.stringify({ time: new Date().toISOString(), ...exchange })}\n`);
    const first = exchange.violations[0] as Finding;
    const more = exchange.violations.length > 1 ? ` (+${exchange.violations.length - 1} more)` : "";
    print(
      `finding: ${exchange.method} ${exchange.path} -> ${exchange.status}: ${first.location} ${first.pointer || "/"} ${first.rule}: ${first.message}${more}`,
    );
  };
}
