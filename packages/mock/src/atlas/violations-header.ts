import type { Violation } from "./validate-input.js";
import type { Finding } from "./validate-output.js";

/** Header values past this are cut (Node refuses heads over 16 KiB; proxies often at 8 KiB). */
const MAX_HEADER_LENGTH = 8 * 1024 - 100;

/**
 * The `sl-violations` header Prism's own server sends: a JSON list of
 * `{ location, severity, code, message }`, request violations first, each once, ASCII only, cut
 * at about 8 KiB. `response` holds the findings of the answer as it is sent
 * (src/atlas/validate-output.ts): a body finding's location is `["response", "body", …its JSON
 * pointer's segments]`, a status's `["response", "status"]`, a Content-Type's
 * `["response", "headers", "content-type"]`. `undefined` when there is nothing to say.
 */
export function violationsHeader(
  request: readonly Violation[],
  response: readonly Finding[],
): string | undefined {
  if (request.length === 0 && response.length === 0) return undefined;
  const entries = [
    ...request.map((v) => ({
      location: ["request", v.location, ...v.field.split(".").slice(1)],
      severity: "Error",
      code: v.keyword,
      message: v.message,
    })),
    ...response.map((f) => ({
      location: responseLocation(f),
      severity: "Error",
      code: f.rule,
      message: f.message,
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

function responseLocation(finding: Finding): string[] {
  if (finding.rule === "undeclared-status") return ["response", "status"];
  if (finding.rule === "undeclared-content-type") return ["response", "headers", "content-type"];
  const segments = finding.pointer === "" ? [] : finding.pointer.slice(1).split("/");
  return ["response", "body", ...segments.map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))];
}
