import type { IPrismDiagnostic } from "@stoplight/prism-core";
import { type ApiError, apiError } from "../errors/api-error-response.js";

// Prism's DiagnosticSeverity is a numeric enum; the header spells it out, as Prism's server does.
const SEVERITY_NAMES = ["Error", "Warning", "Information", "Hint"];
const MAX_HEADER_LENGTH = 8 * 1024 - 100;

export function isError(diagnostic: IPrismDiagnostic): boolean {
  return (diagnostic.severity as number) === 0;
}

/**
 * The `sl-violations` header value Prism's own server sends: a JSON list of
 * `{ location, severity, code, message }`, request violations first.
 */
export function violationsHeader(
  input: readonly IPrismDiagnostic[],
  output: readonly IPrismDiagnostic[],
  pathParameterNames: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  if (input.length === 0 && output.length === 0) return undefined;
  // Prism repeats a violation once per failing `anyOf` branch: list each one once.
  const entries = uniqueBy(
    [
      ...input.map((d) => entry("request", d, pathParameterNames)),
      ...output.map((d) => entry("response", d, pathParameterNames)),
    ],
    (e) => JSON.stringify(e),
  );
  // Violation messages quote request data; a header value must stay ASCII.
  const value = JSON.stringify(entries).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return value.length > MAX_HEADER_LENGTH
    ? `Too many violations! ${value.slice(0, MAX_HEADER_LENGTH)}`
    : value;
}

function entry(
  prefix: string,
  diagnostic: IPrismDiagnostic,
  pathParameterNames: ReadonlyMap<string, string>,
) {
  return {
    location: [prefix, ...respelled(diagnostic.path ?? [], pathParameterNames)],
    severity: SEVERITY_NAMES[diagnostic.severity as number] ?? String(diagnostic.severity),
    code: diagnostic.code,
    message: respelledMessage(diagnostic.message, pathParameterNames),
  };
}

/** Prism lower-cases parameter names; give path and query parameters back the spec's spelling. */
function respelled(path: readonly string[], names: ReadonlyMap<string, string>): string[] {
  return (path[0] === "path" || path[0] === "query") && path[1]
    ? [path[0], names.get(path[1]) ?? path[1], ...path.slice(2)]
    : [...path];
}

function respelledMessage(message: string, names: ReadonlyMap<string, string>): string {
  let result = message;
  for (const [lower, spelled] of names) {
    result = result.replace(new RegExp(`(parameter |property ')${lower}\\b`, "g"), `$1${spelled}`);
  }
  return result;
}

/**
 * The spec's 400 `ApiError` for a request that failed validation, every violation listed in
 * `badRequestDetail.fields`. Only unknown attributes get Atlas's specific `INVALID_ATTRIBUTE`;
 * anything else is the generic `VALIDATION_ERROR`.
 */
export function badRequestFromViolations(
  violations: readonly IPrismDiagnostic[],
  pathParameterNames: ReadonlyMap<string, string>,
): ApiError {
  const fields = uniqueBy(
    violations.map((v) => ({
      field: fieldOf(v, pathParameterNames),
      description: respelledMessage(v.message, pathParameterNames),
    })),
    (f) => `${f.field}\n${f.description}`,
  );
  const specific = violations.filter((v) => v.code !== "anyOf");
  const unknownAttributes = specific.every((v) => v.code === "additionalProperties")
    ? unique(specific.map((v) => quotedName(v.message, /found '([^']*)'/)).filter((n) => n !== undefined))
    : [];
  const badRequestDetail = { fields };
  if (unknownAttributes.length > 0) {
    return apiError(
      400,
      "INVALID_ATTRIBUTE",
      `Invalid attribute ${unknownAttributes.join(", ")} specified.`,
      {
        parameters: unknownAttributes,
        badRequestDetail,
      },
    );
  }
  const detail = `The request is not valid: ${unique(fields.map((f) => f.description)).join("; ")}.`;
  return apiError(400, "VALIDATION_ERROR", detail, {
    parameters: unique(fields.map((f) => f.field)),
    badRequestDetail,
  });
}

/** `body.desc`, `path.orgId`, `query.pretty`: where the violation is, as precisely as Prism says. */
function fieldOf(violation: IPrismDiagnostic, pathParameterNames: ReadonlyMap<string, string>): string {
  const path = violation.path ?? [];
  if (path.length === 0) return /^body/i.test(violation.message) ? "body" : "request";
  const segments = respelled(path, pathParameterNames);
  const child =
    violation.code === "required"
      ? quotedName(violation.message, /required property '([^']*)'/)
      : violation.code === "additionalProperties"
        ? quotedName(violation.message, /found '([^']*)'/)
        : undefined;
  return [...segments, ...(child === undefined ? [] : [child])].join(".");
}

function quotedName(message: string, pattern: RegExp): string | undefined {
  return pattern.exec(message)?.[1];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}
