/**
 * The validating proxy's report: one JSON line per exchange that breaks the spec, appended to a
 * file; a line on stdout per exchange with findings that were not asked for; a summary line on
 * stdout every so often and on close (then also appended to the file). Lines name operations,
 * places and rules, never values: no header, key, token or secret of the exchange can reach them.
 *
 * Bounds: an exchange's line names at most MAX_FINDINGS_PER_EXCHANGE findings and counts the rest
 * in `omitted`; every text in it is cut at MAX_TEXT_LENGTH characters; the line never exceeds
 * MAX_REPORT_LINE_BYTES. A file that can no longer be written is said once on standard error; the
 * exchanges are still counted and answered as they would be.
 */
import { appendFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Finding } from "../atlas/validate-output.js";
import { logToStderr } from "./log.js";

/**
 * The request header a caller sets (any non-empty value) on a request it breaks on purpose, such
 * as a contract suite's negative cases: the request's findings are counted apart and the line is
 * marked `deliberate`. The proxy does not forward it.
 */
export const DELIBERATE_HEADER = "x-atlas-contract-deliberate";

/** Findings named per exchange line; the rest are counted in `omitted`. */
export const MAX_FINDINGS_PER_EXCHANGE = 100;
/** Longest text (path, pointer, message) in a line, in characters; longer ones are cut with `…`. */
export const MAX_TEXT_LENGTH = 200;
/** Largest line written for one exchange, in bytes (UTF-8, newline included). */
export const MAX_REPORT_LINE_BYTES = 64 * 1024;
/** Seconds between two summary lines on stdout, when exchanges happened in between. */
export const DEFAULT_SUMMARY_INTERVAL_SECONDS = 60;

export interface ExchangeFindings {
  /** The operation's operationId, or `null` for a path the spec does not have (or a token endpoint). */
  readonly operationId: string | null;
  readonly method: string;
  /** The spec's path template, or the request's path when the spec has none. */
  readonly path: string;
  /** The status the client received. */
  readonly status: number;
  /** The request carried DELIBERATE_HEADER: its request findings were asked for. */
  readonly deliberate: boolean;
  /** Every finding of the exchange, request and response (the line names the first ones). */
  readonly violations: readonly Finding[];
  /**
   * `false` when the response body held more than MAX_ITEMS_CHECKED items in an array and was
   * invalid: findings past those items may exist that are neither named nor counted.
   */
  readonly complete?: boolean;
}

/** Counts since the proxy started; each finding counted once, named in the file or not. */
export interface FindingsSummary {
  /** Exchanges forwarded (or attempted), token endpoints included. */
  readonly exchanges: number;
  /** Findings about the upstream's answers (and about reaching the upstream). */
  readonly responseFindings: number;
  /** Findings about requests that did not carry DELIBERATE_HEADER. */
  readonly requestFindings: number;
  /** Findings about requests that carried DELIBERATE_HEADER. */
  readonly deliberateRequestFindings: number;
}

export interface FindingsReport {
  /** Counts an exchange (every one, with or without findings) and writes it if it has findings. */
  record(exchange: ExchangeFindings): void;
  /** The counts so far. */
  summary(): FindingsSummary;
  /** Stops the periodic line; prints the summary and appends it to the file. Later calls do nothing. */
  close(): void;
}

export interface FindingsReportOptions {
  /**
   * Seconds between summary lines on stdout (only when exchanges happened since the last one);
   * 0 prints it only on close. Default DEFAULT_SUMMARY_INTERVAL_SECONDS.
   */
  readonly summaryIntervalSeconds?: number;
  /** Where a report-file failure is said (once). Default: standard error. */
  readonly log?: (line: string) => void;
}

/**
 * The report of a proxy: exchanges with findings appended to `file` as JSON lines (a relative
 * path taken from the current directory), lines for people through `print`.
 * @throws the file system's error when `file` cannot be written at creation; RangeError for a
 *   summary interval that is not a non-negative integer.
 */
export function createFindingsReport(
  file: string | undefined,
  print: (line: string) => void,
  options: FindingsReportOptions = {},
): FindingsReport {
  const interval = options.summaryIntervalSeconds ?? DEFAULT_SUMMARY_INTERVAL_SECONDS;
  if (!Number.isInteger(interval) || interval < 0)
    throw new RangeError(`Invalid summary interval: ${interval} s`);
  const path = file === undefined ? undefined : resolve(file);
  if (path !== undefined) appendFileSync(path, "");
  const log = options.log ?? logToStderr;
  const counts = { exchanges: 0, responseFindings: 0, requestFindings: 0, deliberateRequestFindings: 0 };
  let printed = 0; // exchanges counted at the last summary line: none is printed before the first
  let failed = false;
  let closed = false;

  const append = (line: string): void => {
    if (path === undefined) return;
    try {
      appendFileSync(path, `${line}\n`);
    } catch (error) {
      if (failed) return;
      failed = true;
      log(
        `the proxy's report ${clip(path)} cannot be written (${(error as NodeJS.ErrnoException).code ?? "error"}); ` +
          "exchanges are still answered and counted, and this is said once",
      );
    }
  };
  const printSummary = (): void => {
    printed = counts.exchanges;
    print(summaryLine(counts));
  };
  const timer =
    interval > 0
      ? setInterval(() => {
          if (counts.exchanges !== printed) printSummary();
        }, interval * 1000)
      : undefined;
  timer?.unref();

  return {
    record(exchange) {
      counts.exchanges += 1;
      let response = 0;
      for (const finding of exchange.violations) if (finding.location === "response") response += 1;
      const request = exchange.violations.length - response;
      counts.responseFindings += response;
      if (exchange.deliberate) counts.deliberateRequestFindings += request;
      else counts.requestFindings += request;
      if (exchange.violations.length === 0) return;
      append(exchangeLine(exchange));
      // What was asked for (a deliberate request's own findings) is counted, not printed.
      const shown = exchange.violations.find((f) => !exchange.deliberate || f.location === "response");
      if (shown === undefined) return;
      const more = exchange.violations.length > 1 ? ` (+${exchange.violations.length - 1} more)` : "";
      print(
        `finding: ${clip(exchange.method)} ${clip(exchange.path)} -> ${exchange.status}${exchange.deliberate ? " (deliberate request)" : ""}: ` +
          `${shown.location} ${clip(shown.pointer) || "/"} ${clip(shown.rule)}: ${clip(shown.message)}${more}`,
      );
    },
    summary: () => ({ ...counts }),
    close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      printSummary();
      append(JSON.stringify({ time: new Date().toISOString(), summary: { ...counts } }));
    },
  };
}

function summaryLine(counts: FindingsSummary): string {
  return (
    `proxy summary: ${counts.exchanges} exchanges, ${counts.responseFindings} response findings, ` +
    `${counts.requestFindings} request findings, ${counts.deliberateRequestFindings} deliberate request findings`
  );
}

/**
 * One exchange as a JSON line within MAX_REPORT_LINE_BYTES: the first findings that fit (at most
 * MAX_FINDINGS_PER_EXCHANGE), the number left out in `omitted`. No array is spread into a call,
 * so any number of findings is safe.
 */
function exchangeLine(exchange: ExchangeFindings): string {
  const head = {
    time: new Date().toISOString(),
    operationId: exchange.operationId === null ? null : clip(exchange.operationId),
    method: clip(exchange.method),
    path: clip(exchange.path),
    status: exchange.status,
    deliberate: exchange.deliberate,
  };
  const tail = (omitted: number) =>
    `],"omitted":${omitted}${exchange.complete === false ? ',"complete":false' : ""}}`;
  const start = `${JSON.stringify(head).slice(0, -1)},"violations":[`;
  // Room for the findings: the line less its head, its tail (with the largest count) and newline.
  let room =
    MAX_REPORT_LINE_BYTES -
    Buffer.byteLength(start) -
    Buffer.byteLength(tail(exchange.violations.length)) -
    1;
  const kept: string[] = [];
  for (const finding of exchange.violations) {
    if (kept.length === MAX_FINDINGS_PER_EXCHANGE) break;
    const text = JSON.stringify({
      location: finding.location,
      pointer: clip(finding.pointer),
      rule: clip(finding.rule),
      message: clip(finding.message),
    });
    const size = Buffer.byteLength(text) + (kept.length > 0 ? 1 : 0);
    if (size > room) break;
    room -= size;
    kept.push(text);
  }
  return `${start}${kept.join(",")}${tail(exchange.violations.length - kept.length)}`;
}

function clip(text: string): string {
  return text.length <= MAX_TEXT_LENGTH ? text : `${text.slice(0, MAX_TEXT_LENGTH)}…`;
}
