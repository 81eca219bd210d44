/**
 * Builds the typed client: openapi-fetch for the typed surface, with a per-call fetch pipeline of
 * deadline → 429 retry → Digest → transport, and response normalisation (./response.ts).
 */
import createClient, { type Client, type HeadersOptions } from "openapi-fetch";
import { createDigestSigner, type FetchFn } from "./digest/digest-fetch.js";
import { AtlasNetworkError, AtlasTimeoutError, showValue } from "./errors.js";
import type { paths } from "./generated/atlas-admin.gen.js";
import { checkPathTemplate, safePathSerializer } from "./path.js";
import { headersWith, readBody, requestInit, resend } from "./replay.js";
import { normalizeResponse, parseSuccess, readBodyText } from "./response.js";
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

/** TypeError unless `baseUrl` is an absolute http: or https: URL. */
function checkBaseUrl(baseUrl: unknown): void {
  let protocol: string | undefined;
  try {
    protocol = typeof baseUrl === "string" ? new URL(baseUrl).protocol : undefined;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "http:" && protocol !== "https:") {
    throw new TypeError(
      `createAtlasAdminClient: baseUrl must be an absolute http(s) URL, got ${showValue(baseUrl)}`,
    );
  }
}

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
  checkBaseUrl(baseUrl);
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) {
    const message = `createAtlasAdminClient: timeoutMs must be a number > 0 (or Infinity), got ${showValue(timeoutMs)}`;
    throw typeof timeoutMs === "number" ? new RangeError(message) : new TypeError(message);
  }
  const retry = resolveRetry(options.retry);
  const baseFetch = options.fetch;
  if (baseFetch !== undefined && typeof baseFetch !== "function") {
    const type = baseFetch === null ? "null" : typeof baseFetch;
    throw new TypeError(`createAtlasAdminClient: fetch must be a function, got ${type}`);
  }

  const digest = createDigestSigner({ username: publicKey, password: privateKey });
  const base = createClient<paths>({ baseUrl, headers: options.headers, pathSerializer: safePathSerializer });
  // The typed surface is openapi-fetch's own (see the cast at the end); inside, calls are untyped.
  const request = base.request as unknown as (method: string, url: string, init: Init) => Promise<unknown>;

  async function call(method: string, url: string, init: Init = {}) {
    if (init.fetch !== undefined) {
      throw new TypeError("A per-call `fetch` is not supported: pass `fetch` to createAtlasAdminClient");
    }
    // Either would replace what keeps a request on its path (src/path.ts): a serializer could turn
    // `{orgId}` into `../../x`, a Request class could rewrite the URL.
    for (const option of ["pathSerializer", "Request"] as const) {
      if (init[option] !== undefined) {
        throw new TypeError(
          `A per-call \`${option}\` is not supported: path parameters are always encoded safely`,
        );
      }
    }
    // openapi-fetch fills the template only when `params.path` is set; check it in every case.
    checkPathTemplate(url, init.params);
    const upper = method.toUpperCase();
    let path = url;
    const deadline = startDeadline(
      timeoutMs,
      () => new AtlasTimeoutError(upper, path, timeoutMs),
      init.signal,
    );
    const { signal } = deadline;
    const readText = (response: Response, maxBytes?: number) =>
      raceAbort(readBodyText(response, maxBytes, signal), signal);
    const json = (init.parseAs ?? "json") === "json";
    // openapi-fetch builds one Request; its body is read once and each send is one new Request.
    const fetchForCall = async (request: Request) => {
      const target = new URL(request.url);
      path = target.pathname;
      const body = await readBody(request);
      const send = async (authorization?: string) => {
        try {
          if (baseFetch) return await baseFetch(resend(request, body, authorization, signal));
          // The platform fetch is given the URL and an init rather than a Request: a Request
          // argument would be copied again, its body piped through one more stream.
          const headers = headersWith(request, authorization);
          return await globalThis.fetch(request.url, { ...requestInit(request), headers, body, signal });
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          throw new AtlasNetworkError(request.method, path, error);
        }
      };
      const response = await raceAbort(
        withRetry(() => digest(request.method, target, signal, send), retry, signal, deadline.at),
        signal,
      );
      return json && response.ok ? response : normalizeResponse(response, readText);
    };
    try {
      // A JSON success body is read and checked here rather than by openapi-fetch ("stream" hands
      // the Response back unread), so it is read once and under the deadline. openapi-fetch's own
      // Request gets no signal (following one costs time); every send carries the deadline's.
      const result = (await request(method, url, {
        ...init,
        signal: null,
        fetch: fetchForCall,
        parseAs: json ? "stream" : init.parseAs,
      })) as { data?: unknown; error?: unknown; response: Response };
      const { response } = result;
      if (!json || !response.ok) return result;
      const { status } = response;
      if (status === 204 || status === 205) return { data: undefined, response };
      return { data: parseSuccess(await readText(response), { method: upper, path, status }), response };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
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
