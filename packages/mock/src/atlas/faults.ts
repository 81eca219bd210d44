/**
 * Atlas's failure modes on demand (the request Prism has had open since 2020, stoplightio/prism
 * #1140): per request with `Prefer: fault=<kind>`, or at a rate from the options with a seed, so a
 * run repeats. Kinds:
 *   status=429|500|503   Atlas's `ApiError` (`RATE_LIMITED` with `Retry-After`, `UNEXPECTED_ERROR`,
 *                        `SERVICE_UNAVAILABLE`)
 *   latency=<ms>         the answer comes after that many ms (at most 60,000)
 *   reset                the connection is destroyed with no answer
 *   timeout              no answer: the connection is held (at most the request timeout), then closed
 */
import { type ApiError, apiError } from "./api-error.js";
import type { Random } from "./mock-values.js";

export type Fault =
  | { readonly kind: "status"; readonly status: 429 | 500 | 503 }
  | { readonly kind: "latency"; readonly ms: number }
  | { readonly kind: "reset" }
  | { readonly kind: "timeout" };

export const MAX_LATENCY_MS = 60_000;
/** `Retry-After` of a 429 fault, in seconds. */
export const FAULT_RETRY_AFTER_SECONDS = 1;

/** Reads one fault: `status=429`, `latency=200`, `reset`, `timeout`; an Error naming the kinds otherwise. */
export function parseFault(text: string): Fault | Error {
  const [kind = "", value] = text.trim().split("=", 2);
  switch (kind) {
    case "reset":
    case "timeout":
      if (value === undefined) return { kind };
      break;
    case "status":
      if (value === "429" || value === "500" || value === "503")
        return { kind, status: Number(value) as 429 };
      break;
    case "latency":
      if (value !== undefined && /^\d+$/.test(value) && Number(value) <= MAX_LATENCY_MS)
        return { kind, ms: Number(value) };
      break;
  }
  return new Error(
    `unknown fault ${JSON.stringify(text.slice(0, 100))}: use status=429|500|503, latency=<ms up to ${MAX_LATENCY_MS}>, reset or timeout`,
  );
}

export interface FaultOptions {
  /** Share of requests that get one of `faults`, from 0 to 1 (checked with the options). Default 0. */
  readonly rate?: number;
  /** The faults drawn from, evenly. Default none. */
  readonly faults?: readonly Fault[];
}

/** Picks the fault of a request: its `Prefer: fault=…`, else one drawn at the configured rate. */
export function createFaultPicker(options: FaultOptions, random: Random) {
  const rate = options.rate ?? 0;
  const faults = options.faults ?? [];
  return (preferred: string | undefined): Fault | ApiError | undefined => {
    if (preferred !== undefined) {
      const fault = parseFault(preferred);
      return fault instanceof Error
        ? apiError(400, "INVALID_PREFER_HEADER", `Prefer: ${fault.message}.`)
        : fault;
    }
    if (rate === 0 || random(1_000_000) >= rate * 1_000_000) return undefined;
    return faults[random(faults.length)];
  };
}

export function faultError(status: 429 | 500 | 503): ApiError {
  switch (status) {
    case 429:
      return apiError(429, "RATE_LIMITED", "Too many requests: a fault the mock was asked for.");
    case 500:
      return apiError(500, "UNEXPECTED_ERROR", "Unexpected error: a fault the mock was asked for.");
    case 503:
      return apiError(503, "SERVICE_UNAVAILABLE", "Service unavailable: a fault the mock was asked for.");
  }
}
