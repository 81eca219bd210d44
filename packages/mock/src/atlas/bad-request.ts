import { type ApiError, apiError } from "./api-error.js";
import type { Violation, Violations } from "./validate-input.js";

/**
 * At most this many violations are listed in a 400 (`badRequestDetail.fields`, `parameters` and the
 * detail); the detail says how many more there were. A hostile body of a million unknown
 * attributes gets a 400 of a few kilobytes, not one that outweighs it.
 */
export const MAX_LISTED_VIOLATIONS = 20;
/** Longer names, values and fields are cut to this many characters (an attribute's name can be huge). */
export const MAX_QUOTED_LENGTH = 200;

/**
 * Atlas's 400 for a request's broken rules (`undefined` when there are none). Parameters are
 * judged before the body: with a broken parameter, only parameters are listed. The error code and
 * detail are the `x-atlas-error` of the first broken rule (reading order), else
 * `VALIDATION_ERROR` listing the rules; unknown attributes alone are `INVALID_ATTRIBUTE`.
 */
export function badRequest(violations: readonly Violation[]): ApiError | undefined {
  const parameters = violations.filter((v) => v.location !== "body");
  const judged = unique(parameters.length > 0 ? parameters : violations, (v) => v.message);
  const first = judged[0];
  if (first === undefined) return undefined;
  const listed = judged.slice(0, MAX_LISTED_VIOLATIONS);
  const more = judged.length - listed.length + ((violations as Violations).omitted ?? 0);
  const badRequestDetail = {
    fields: listed.map((v) => ({ field: clip(v.field), description: clip(v.message) })),
  };
  const mapping = first.mapping;
  if (mapping !== undefined) {
    const values = { value: clip(displayed(first.value)), name: clip(first.name), field: clip(first.field) };
    return apiError(400, mapping.errorCode, fill(mapping.detail, values), {
      // `{value}` alone keeps the value as it was sent (a number stays a number).
      parameters: (mapping.parameters ?? []).map((template) =>
        template === "{value}" && typeof first.value !== "string" ? first.value : fill(template, values),
      ),
      badRequestDetail,
    });
  }
  const unknown = judged.filter((v) => v.keyword === "additionalProperties");
  if (unknown.length === judged.length) {
    const names = listed.map((v) => clip(v.name));
    return apiError(
      400,
      "INVALID_ATTRIBUTE",
      `Invalid attribute ${names.join(", ")}${andMore(more)} specified.`,
      {
        parameters: names,
        badRequestDetail,
      },
    );
  }
  return apiError(
    400,
    "VALIDATION_ERROR",
    `The request is not valid: ${listed.map((v) => clip(v.message)).join("; ")}${andMore(more)}.`,
    { parameters: [...new Set(listed.map((v) => clip(v.field)))], badRequestDetail },
  );
}

function andMore(count: number): string {
  return count === 0 ? "" : ` (and ${count} more not listed)`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(value|name|field)\}/g, (_, key: string) => values[key] ?? "");
}

function clip(text: string): string {
  return text.length <= MAX_QUOTED_LENGTH ? text : `${text.slice(0, MAX_QUOTED_LENGTH)}…`;
}

function displayed(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function unique<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}
