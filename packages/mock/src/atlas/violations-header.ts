import type { IPrismDiagnostic } from "@stoplight/prism-core";
import type { Violation } from "./validate-input.js";

// Prism's DiagnosticSeverity is a numeric enum; the header spells it out, as Prism's server does.
const SEVERITY_NAMES = ["Error", "Warning", "Information", "Hint"];
/** Header values past this are cut (Node refuses heads over 16 KiB; proxies often at 8 KiB). */
const MAX_HEADER_LENGTH = 8 * 1024 - 100;

/**
 * The `sl-violations` header Prism's own server sends: a JSON list of
 * `{ location, severity, code, message }`, request violations first, each once, ASCII only.
 */
export function violationsHeader(
  request: readonly Violation[],
  response: readonly IPrismDiagnostic[],
): string | undefined {
  if (request.length === 0 && response.length === 0) return undefined;
  const entries = [
    ...request.map((v) => ({
      location: ["request", v.location, ...v.field.split(".").slice(1)],
      severity: "Error",
      code: v.keyword,
      message: v.message,
    })),
    ...response.map((d) => ({
      location: ["response", ...(d.path ?? []).map(String)],
      severity: SEVERITY_NAMES[d.severity as number] ?? String(d.severity),
      code: d.code,
      message: d.message,
    })),
  ];
  // Entries past the header's length are never serialized.
  const seen = new Map<string, (typeof entries)[number]>();
  let length = 0;
  for (const entry of entries) {
    if (length > MAX_HEADER_LENGTH) break;
    const key = JSON.stringify(entry);
    if (seen.has(key)) continue;
    seen.set(key, entry);
    length += key.length + 1;
  }
  const unique = [...seen.values()];
  const value = JSON.stringify(unique).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return value.length > MAX_HEADER_LENGTH
    ? `Too many violations! ${value.slice(0, MAX_HEADER_LENGTH)}`
    : value;
}
