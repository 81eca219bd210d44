/**
 * Builds the typed client: openapi-fetch for the typed surface, with a per-call fetch pipeline of
 * deadline → 429 retry → Digest → transport, and response normalisation (./response.ts).
 */
import createClient, { type Client, type HeadersOptions } from "openapi-fetch";
import { createDigestFetch, type FetchFn } from "./digest/digest-fetch.js";
import { AtlasNetworkError, AtlasTimeoutError } from "./errors.js";
import type { paths } from "./generated/atlas-admin.gen.js";
import { safePathSerializer } from "./path.js";
import { replayable } from "./replay.js";
import { normalizeResponse } from "./response.js";
import { type RetryOptions, resolveRetry, withRetry } from "./retry.js";
import { raceAbort, startDeadline } from "./timeout.js";

export const DEFAULT_BASE_URL = "https://cloud.mongodb.com/api/atlas/v1.0";
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AtlasAdminClientOptions {
  /** The API key's public key (Digest username). */
  publicKey: string;
  /** The API key's private key (Digest password). Held in a closure; never in errors or logs. */
  privateKey: string;
  /** Default `https://cloud.mongodb.com/api/atlas/v1.0`. */
  baseUrl?: string;
  /** Transport under Digest and retry. Default: `globalThis.fetch`, looked up at each call. */
  fetch?: FetchFn;
  /** Limit for a whole call (Digest round trips, 429 waits, body), in ms. Default 30 000; `Infinity` disables. */
  timeoutMs?: number;
  /** 429 handling. Default `{ attempts: 3, maxDelayMs: 30_000 }`; `false` disables it. */
  retry?: false | RetryOptions;
  /** Headers added to every request (e.g. `User-Agent`). */
  headers?: HeadersOptions;
}

/** The openapi-fetch client for the Atlas Administration API operations of the spec. */
export type AtlasAdminClient = Client<paths>;

type Init = Record<string, unknown> & { signal?: AbortSignal | null; parseAs?: string };

export function createAtlasAdminClient(options: AtlasAdminClientOptions): AtlasAdminClient {
  const { publicKey, privateKey, baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  if (
    typeof publicKey !== "string" ||
    publicKey === "" ||
    typeof privateKey !== "string" ||
    privateKey === ""
  ) {
    throw new TypeError("createAtlasAdminClient: publicKey and privateKey must be non-empty strings");
  }
  if (!(timeoutMs > 0)) throw new RangeError("createAtlasAdminClient: timeoutMs must be > 0");
  const retry = resolveRetry(options.retry);
  const baseFetch = options.fetch;

  const transport: FetchFn = async (request) => {
    try {
      return await (baseFetch ?? globalThis.fetch)(request);
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      throw new AtlasNetworkError(request.method, new URL(request.url).pathname, error);
    }
  };
  const digestFetch = createDigestFetch({ publicKey, privateKey, fetch: transport });
  const base = createClient<paths>({ baseUrl, headers: options.headers, pathSerializer: safePathSerializer });
  // The typed surface is openapi-fetch's own (see the cast at the end); inside, calls are untyped.
  const request = base.request as unknown as (method: string, url: string, init: Init) => Promise<unknown>;

  async function call(method: string, url: string, init: Init = {}) {
    if (init.fetch !== undefined) {
      throw new TypeError("A per-call `fetch` is not supported: pass `fetch` to createAtlasAdminClient");
    }
    const upper = method.toUpperCase();
    let path = url;
    const deadline = startDeadline(
      timeoutMs,
      () => new AtlasTimeoutError(upper, path, timeoutMs),
      init.signal,
    );
    const fetchForCall = async (request: Request) => {
      path = new URL(request.url).pathname;
      const make = await replayable(request);
      const response = await raceAbort(
        withRetry(() => digestFetch(make()), retry, deadline.signal, deadline.at),
        deadline.signal,
      );
      return normalizeResponse(response, (r) => raceAbort(r.text(), deadline.signal), {
        method: upper,
        path,
        parseAs: init.parseAs ?? "json",
      });
    };
    try {
      return await request(method, url, { ...init, signal: deadline.signal, fetch: fetchForCall });
    } catch (error) {
      if (deadline.signal.aborted) throw deadline.signal.reason;
      throw error;
    } finally {
      deadline.clear();
    }
  }

  const client: Record<string, unknown> = { request: call, use: base.use, eject: base.eject };
  for (const method of ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]) {
    client[method] = (url: string, init?: Init) => call(method, url, init);
  }
  return client as unknown as AtlasAdminClient;
}
