/**
 * Sends a request to the upstream unchanged (method, target, headers, body bytes) and reads its
 * answer unchanged, within a size limit and a deadline. Only the hop-by-hop headers of RFC 9110
 * §7.6.1 are dropped, as any proxy must; `Host` names the upstream. An answer that is not HTTP/1.x,
 * or whose final status is not one of RFC 9110 §15's 200–599 (a `000`, a `099`, a `101` switch to
 * another protocol), is a failure (`not-http`, `bad-status`), never passed on.
 */
import type { IncomingHttpHeaders } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface UpstreamAnswer {
  readonly status: number;
  /** Header names and values as received, in order (`[name, value, name, value, …]`). */
  readonly rawHeaders: readonly string[];
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

export type ForwardResult =
  | { readonly ok: true; readonly answer: UpstreamAnswer }
  | {
      readonly ok: false;
      readonly reason: "unreachable" | "timeout" | "too-large" | "not-http" | "bad-status";
      /** What failed, naming no header or body value. */
      readonly detail: string;
    };

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

export interface ForwardOptions {
  /** The upstream's origin (`https://cloud.mongodb.com`). */
  readonly upstream: URL;
  /** Largest answer body read, in bytes; past it the exchange fails with `too-large`. */
  readonly limitBytes: number;
  /** Deadline for the whole exchange, in ms. */
  readonly timeoutMs: number;
}

export function forward(
  options: ForwardOptions,
  request: { method: string; target: string; headers: IncomingHttpHeaders; body: Buffer },
): Promise<ForwardResult> {
  const { upstream, limitBytes, timeoutMs } = options;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers.host = upstream.host;
  if (request.body.length > 0 || request.headers["content-length"] !== undefined)
    headers["content-length"] = String(request.body.length);
  const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: ForwardResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = send(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.target,
        headers,
      },
      (incoming) => {
        const status = incoming.statusCode ?? 0;
        if (status < 200 || status > 599) {
          incoming.destroy();
          outgoing.destroy();
          done(badStatus(status));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > limitBytes) {
            incoming.destroy();
            done({
              ok: false,
              reason: "too-large",
              detail: `the upstream's answer exceeds ${limitBytes} bytes`,
            });
          } else chunks.push(chunk);
        });
        incoming.on("end", () =>
          done({
            ok: true,
            answer: {
              status,
              rawHeaders: incoming.rawHeaders,
              contentType: incoming.headers["content-type"],
              body: Buffer.concat(chunks, size),
            },
          }),
        );
        incoming.on("error", (error) => done({ ok: false, reason: "unreachable", detail: error.message }));
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      done({ ok: false, reason: "timeout", detail: `the upstream did not answer within ${timeoutMs} ms` });
    }, timeoutMs);
    // A 101 with `Upgrade`: node:http hands over the socket, which is not passed on.
    outgoing.on("upgrade", (incoming, socket) => {
      socket.destroy();
      done(badStatus(incoming.statusCode ?? 101));
    });
    outgoing.on("error", (error: NodeJS.ErrnoException) =>
      done(
        error.code?.startsWith("HPE_")
          ? {
              ok: false,
              reason: "not-http",
              detail: `the upstream's answer is not HTTP/1.1 (${error.code})`,
            }
          : { ok: false, reason: "unreachable", detail: error.message },
      ),
    );
    outgoing.end(request.body);
  });
}

function badStatus(status: number): ForwardResult {
  const code = String(status).padStart(3, "0");
  return {
    ok: false,
    reason: "bad-status",
    detail:
      status === 101
        ? "the upstream switched protocols (101), which the proxy does not pass on"
        : `the upstream answered status ${code}, not a final HTTP status (200 to 599)`,
  };
}

/** The upstream's headers to send back: all of them, less the hop-by-hop ones. */
export function endToEndHeaders(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (!HOP_BY_HOP.has(name.toLowerCase())) kept.push(name, rawHeaders[i + 1] as string);
  }
  return kept;
}
