/**
 * The mock without a socket: `createAtlasMock()` runs the same pipeline as the server (Atlas's
 * authentication, errors, state, faults) behind a `fetch`-compatible function, so a client, an MSW
 * handler or a unit test can use it in-process. Each instance has its own state.
 */
import type { IncomingHttpHeaders } from "node:http";
import { createMockPipeline } from "./mock-pipeline.js";
import { type AtlasMockOptions, resolveOptions } from "./options.js";
import type { Pipeline } from "./pipeline/pipeline.js";
import type { BodySource, Collected } from "./pipeline/read-body.js";
import { createLoggers } from "./prism/logger.js";

export interface AtlasMock {
  /**
   * Answers a request as the mock server would, with no network: `fetch(input, init)` of the
   * platform's shape. A `reset` fault rejects with a `TypeError` ("fetch failed", as the platform
   * does for a reset connection); a `timeout` fault never settles unless the request's signal
   * aborts (then it rejects with the signal's reason). An aborted signal rejects with its reason,
   * and a call aborted before its answer creates and changes nothing.
   * @throws TypeError for a request after `close()`.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Refuses further requests. */
  close(): Promise<void>;
}

/**
 * Builds an in-process mock. @throws SpecLoadError when the spec cannot be read, RangeError for an
 * option out of range.
 */
export type { AtlasMockOptions };

export async function createAtlasMock(options: AtlasMockOptions = {}): Promise<AtlasMock> {
  const resolved = resolveOptions(options);
  const loggers = createLoggers(resolved.logLevel);
  const pipeline: Pipeline = await createMockPipeline(resolved, loggers.prism);
  let closed = false;
  return {
    async fetch(input, init) {
      if (closed) throw new TypeError("fetch failed", { cause: new Error("the in-process mock is closed") });
      const request = new Request(input, init);
      request.signal.throwIfAborted(); // an aborted call does nothing
      const url = new URL(request.url);
      const headers: IncomingHttpHeaders = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      if (request.body !== null && headers["content-length"] === undefined) {
        headers["transfer-encoding"] = "chunked";
      }
      const response = await pipeline({
        method: request.method,
        target: `${url.pathname}${url.search}`,
        headers,
        remoteAddress: "in-process",
        body: requestBody(request),
        signal: request.signal,
        origin: url.origin,
      });
      request.signal.throwIfAborted();
      if (response.fault === "reset") {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
        });
      }
      if (response.fault === "timeout") {
        return new Promise<Response>((_, reject) => {
          if (request.signal.aborted) reject(request.signal.reason);
          request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
        });
      }
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, String(item));
        else responseHeaders.set(name, String(value));
      }
      if (response.body !== undefined)
        responseHeaders.set("Content-Length", String(Buffer.byteLength(response.body)));
      const body =
        typeof response.body === "string" || response.body === undefined
          ? response.body
          : Buffer.from(response.body);
      return new Response(body ?? null, { status: response.status, headers: responseHeaders });
    },
    async close() {
      if (!closed) pipeline.close?.();
      closed = true;
    },
  };
}

/** A Request's body as the pipeline reads it: within the limit and the deadline. */
function requestBody(request: Request): BodySource {
  return {
    async collect({ limitBytes, timeoutMs }): Promise<Collected> {
      if (request.body === null) return { kind: "ok", bytes: Buffer.alloc(0) };
      const reader = request.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        void reader.cancel();
      }, timeoutMs);
      timer.unref();
      try {
        for (;;) {
          const next = await reader
            .read()
            .catch(() => ({ done: true as const, value: undefined, failed: true }));
          if ("failed" in next) return { kind: "aborted" };
          if (next.done) break;
          size += next.value.byteLength;
          if (size > limitBytes) {
            await reader.cancel();
            return { kind: "too-large" };
          }
          chunks.push(next.value);
        }
      } finally {
        clearTimeout(timer);
      }
      if (timedOut) return { kind: "timeout" };
      return { kind: "ok", bytes: Buffer.concat(chunks, size) };
    },
  };
}
