/**
 * What a request asks the mock for, as Prism reads it: the `Prefer` header (RFC 7240) with `code`,
 * `example`, `dynamic` and `seed`, or else Prism's `__code`, `__example`, `__dynamic` and `__seed`
 * query parameters. Checked against the operation, so that a test asking for a response the
 * operation does not declare can never pass on another one.
 */
import parsePreferHeader from "parse-prefer-header";
import type { PrismOperation } from "../prism/types.js";
import { type ApiError, apiError } from "./api-error.js";

export interface Preferences {
  readonly code?: number;
  readonly exampleKey?: string;
  readonly dynamic?: boolean;
  readonly seed?: string;
}

type Query = Readonly<Record<string, string | readonly string[]>>;

/** The preferences of a request, or a 400 `INVALID_PREFER_HEADER` naming what cannot be read. */
export function readPreferences(
  prefer: string | undefined,
  query: Query,
): { ok: true; preferences: Preferences } | { ok: false; error: ApiError } {
  const raw: Record<string, unknown> =
    prefer !== undefined
      ? (parsePreferHeader(prefer) as Record<string, unknown>)
      : { code: query.__code, example: query.__example, dynamic: query.__dynamic, seed: query.__seed };
  const preferences: { -readonly [K in keyof Preferences]: Preferences[K] } = {};
  const problems: string[] = [];
  if (raw.code !== undefined) {
    if (typeof raw.code === "string" && /^\d{3}$/.test(raw.code)) preferences.code = Number(raw.code);
    else problems.push(`code must be a three-digit status, got ${quote(raw.code)}`);
  }
  if (raw.dynamic !== undefined) {
    if (raw.dynamic === "true" || raw.dynamic === "false") preferences.dynamic = raw.dynamic === "true";
    else problems.push(`dynamic must be true or false, got ${quote(raw.dynamic)}`);
  }
  if (raw.example !== undefined) {
    if (typeof raw.example === "string") preferences.exampleKey = raw.example;
    else problems.push(`example must be one name, got ${quote(raw.example)}`);
  }
  if (typeof raw.seed === "string") preferences.seed = raw.seed;
  if (problems.length > 0) {
    return { ok: false, error: apiError(400, "INVALID_PREFER_HEADER", `Prefer: ${problems.join("; ")}.`) };
  }
  return { ok: true, preferences };
}

/** The `fault` preference of a `Prefer` header (`fault=reset`, `fault=status=429`), if any. */
export function faultPreference(prefer: string | undefined): string | undefined {
  if (prefer === undefined) return undefined;
  const fault = (parsePreferHeader(prefer) as Record<string, unknown>).fault;
  return typeof fault === "string" ? fault : undefined;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/**
 * `Prefer` must name what the operation has: otherwise Prism would fall back to another response
 * (a 200 for `code=400, example=apiKey`) or fail. The answer is a 422 naming what exists, a status
 * no operation of the spec declares.
 */
export function checkPreferences(operation: PrismOperation, preferences: Preferences): ApiError | undefined {
  const { code, exampleKey } = preferences;
  const name = `${operation.method.toUpperCase()} ${operation.path}`;
  const declared = operation.responses.map((response) => response.code);
  if (code !== undefined && !declared.includes(String(code)) && !declared.includes("default")) {
    return apiError(
      422,
      "INVALID_PREFER_HEADER",
      `${name} declares no ${code} response; it declares ${declared.join(", ")}.`,
      { parameters: [String(code), ...declared] },
    );
  }
  if (exampleKey === undefined) return undefined;
  if (code !== undefined) {
    const examples = examplesOf(operation, String(code));
    if (examples.includes(exampleKey)) return undefined;
    return apiError(
      422,
      "INVALID_PREFER_HEADER",
      `The ${code} response of ${name} has no example ${exampleKey}; it has ${examples.join(", ") || "none"}.`,
      { parameters: [exampleKey, ...examples] },
    );
  }
  if (exampleStatus(operation, exampleKey) !== undefined) return undefined;
  const all = declared.map((status) => `${status}: ${examplesOf(operation, status).join(", ") || "none"}`);
  return apiError(
    422,
    "INVALID_PREFER_HEADER",
    `No response of ${name} has an example ${exampleKey}; the examples are ${all.join("; ")}.`,
    { parameters: [exampleKey] },
  );
}

function examplesOf(operation: PrismOperation, status: string): string[] {
  const response = operation.responses.find((r) => r.code === status);
  return (response?.contents ?? []).flatMap((content) => (content.examples ?? []).map((e) => e.key));
}

/** `Prefer: example=<name>` without a code: the status of the one response that has that example. */
export function exampleStatus(operation: PrismOperation, exampleKey: string | undefined): number | undefined {
  if (exampleKey === undefined) return undefined;
  const response = operation.responses.find((r) => examplesOf(operation, r.code).includes(exampleKey));
  return response === undefined || response.code === "default" ? undefined : Number(response.code);
}
