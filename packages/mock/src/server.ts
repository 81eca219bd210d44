import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, Server as NetServer, type Socket } from "node:net";
import { apiError } from "./atlas/api-error.js";
import { applyCors, createCorsPolicy, readCorsFacts } from "./http/cors.js";
import { answerDocsPage, readDocsSite } from "./http/docs-page.js";
import { createMockPipeline } from "./mock-pipeline.js";
import { type MockOptions, OPTIONS, type ResolvedOptions, resolveOptions } from "./options.js";
import type { Pipeline } from "./pipeline/pipeline.js";
import { incomingBody } from "./pipeline/read-body.js";
import { errorResponse, type MockResponse } from "./pipeline/respond.js";
import { bundledSpecPath } from "./prism/load-operations.js";
import { createLoggers } from "./prism/logger.js";
import type { PrismLogger } from "./prism/types.js";

export type { MockOptions };

/** The port is taken (or not ours to take); the message names the option that changes it. */
export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
}

export interface RunningMock {
  /** Base URL, such as `http://127.0.0.1:4010`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Loads the spec, then serves it behind Atlas's authentication through the mock's pipeline
 * (src/pipeline/pipeline.ts). Every resource is bounded by count and time (the options above).
 * @throws SpecLoadError when the spec cannot be read, DocsPageError when `docsPage` cannot be read,
 *   PortInUseError when the port is taken, RangeError for an option out of range.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const resolved = resolveOptions(options);
  const { port, host, logLevel, shutdownGraceMs: graceMs } = resolved;
  const loggers = createLoggers(logLevel);
  const pipeline = await createMockPipeline(resolved, loggers.prism);
  const cors = createCorsPolicy({
    allowedOrigins: resolved.allowedOrigins,
    ...(await readCorsFacts(resolved.specPath ?? bundledSpecPath())),
  });
  const docsPage =
    resolved.docsPage === undefined ? undefined : await readDocsSite(resolved.docsPage, published(resolved));

  const limits = {
    maxConnections: resolved.maxConnections,
    headersTimeout: resolved.headersTimeoutMs,
    requestTimeout: resolved.requestTimeoutMs,
    keepAliveTimeout: resolved.keepAliveTimeoutMs,
  };
  const inFlight = new Set<ServerResponse>();
  // Connections that have sent a request count toward the cap; a silent one does not (the head
  // timeout closes it). Over the cap, a request is told to come back (503, Retry-After, close).
  const served = new Set<Socket>();
  let closing = false;
  const server = createServer(
    {
      // Node's own bounds (RFC 9112 §9.5): a head must arrive in headersTimeout (counted from the
      // connection's start, so a silent socket is closed by then), a whole request in
      // requestTimeout; both are checked every second at most.
      headersTimeout: Math.min(limits.headersTimeout, limits.requestTimeout),
      requestTimeout: limits.requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeout),
    },
    (req, res) => {
      inFlight.add(res);
      res.once("close", () => inFlight.delete(res));
      if (closing) res.shouldKeepAlive = false;
      const method = req.method ?? "GET";
      // CORS headers go on every answer; a preflight and the page are answered here.
      if (applyCors(cors, method, req.headers, res)) return;
      if (docsPage !== undefined && answerDocsPage(docsPage, method, req.url ?? "/", res)) return;
      const socket = req.socket;
      if (!served.has(socket)) {
        if (served.size >= limits.maxConnections) {
          send(req, res, busy(), 0);
          return;
        }
        served.add(socket);
        socket.once("close", () => served.delete(socket));
      }
      serve(pipeline, req, res, loggers.mock, logLevel !== "silent", limits.requestTimeout);
    },
  );
  // Sockets open at all, silent ones included: twice the cap; past it a new socket is closed at once.
  server.maxConnections = 2 * limits.maxConnections;
  // An idle socket with no request at all is closed too.
  server.setTimeout(limits.requestTimeout);
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    // Node's parser refused the bytes (HTTP 400/431 cases) or a timeout struck before a request.
    if (!socket.writable || (error.code === "ECONNRESET" && !socket.readable)) {
      socket.destroy();
      return;
    }
    const status =
      error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    const body = JSON.stringify(
      apiError(status, status === 408 ? "REQUEST_TIMEOUT" : "MALFORMED_REQUEST", clientErrorDetail(status)),
    );
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : status === 408 ? "Request Timeout" : "Bad Request"}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  // The accept queue is as long as the connection cap: a burst of connections waits instead of being reset.
  server.listen({ port, host, backlog: limits.maxConnections });
  try {
    await once(server, "listening");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") {
      throw new PortInUseError(
        `port ${port} on ${host} is ${code === "EADDRINUSE" ? "already in use" : "not allowed"}: ` +
          "choose another with --port <n> or ATLAS_MOCK_PORT (0 picks a free port)",
        { cause: error },
      );
    }
    throw error;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        // Answers not yet sent tell their clients not to reuse the connection.
        for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
        // Stops accepting. A keep-alive connection still in use gets its next answer with
        // `Connection: close` and is closed by its client; one left idle is closed after
        // DRAIN_MS (within the grace period): closing it at once would reset a client whose next
        // request is already on its way (RFC 9112 §9.6).
        // (node:http's own close() closes idle connections at once: net's stops accepting only.)
        NetServer.prototype.close.call(server, (error) => {
          pipeline.close?.(); // the proxy's summary, once the exchanges in flight are done
          if (error) reject(error);
          else resolve();
        });
        const drained = performance.now() + Math.min(graceMs, DRAIN_MS);
        const deadline = setTimeout(() => {
          server.closeAllConnections();
          server.close(() => {});
        }, graceMs);
        deadline.unref();
        const poll = setInterval(() => {
          if (performance.now() < drained) return;
          server.closeIdleConnections();
          if (inFlight.size === 0) {
            clearInterval(poll);
            clearTimeout(deadline);
            server.closeAllConnections();
            server.close(() => {}); // node:http's part: its timeout checks stop
          }
        }, 20);
        poll.unref();
      });
      return closed;
    },
  };
}

/** Runs one request through the pipeline and writes the answer; never throws, never rejects. */
function serve(
  pipeline: Pipeline,
  req: IncomingMessage,
  res: ServerResponse,
  logger: PrismLogger,
  logRequests: boolean,
  holdMs: number,
): void {
  const method = req.method ?? "GET";
  const target = req.url ?? "/";
  // Aborted when the connection closes before the answer is sent: a delay ends, nothing is created.
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  pipeline({
    method,
    target,
    headers: req.headers,
    remoteAddress: req.socket.remoteAddress ?? "unknown",
    body: incomingBody(req),
    signal: gone.signal,
    origin: HOST.test(req.headers.host ?? "") ? `http://${req.headers.host}` : undefined,
  })
    .catch((error: unknown): MockResponse => {
      // A bug of the mock's, not the request's fault: written even when logs are silenced.
      report(
        `${method} ${safeTarget(target)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return errorResponse(apiError(500, "UNEXPECTED_ERROR", "The mock failed to answer this request."), {
        close: true,
      });
    })
    .then((response) => {
      if (logRequests) logger.info(`${method} ${safeTarget(target)} -> ${response.status}`);
      send(req, res, response, holdMs);
    })
    .catch((error: unknown) => {
      report(`could not answer ${method} ${safeTarget(target)}: ${String(error)}`);
      res.destroy();
    });
}

function send(req: IncomingMessage, res: ServerResponse, response: MockResponse, holdMs: number): void {
  if (res.headersSent || res.destroyed) return;
  if (response.fault === "reset") {
    // A TCP reset where the platform has it (Node ≥ 18.3), else a plain close.
    const socket = res.socket as (NonNullable<typeof res.socket> & { resetAndDestroy?: () => void }) | null;
    if (socket?.resetAndDestroy) socket.resetAndDestroy();
    else res.destroy();
    return;
  }
  if (response.fault === "timeout") {
    // No answer; the connection is held at most holdMs (the request timeout), then closed.
    const timer = setTimeout(() => res.destroy(), holdMs);
    timer.unref();
    res.once("close", () => clearTimeout(timer));
    return;
  }
  if (response.body === undefined && response.close && req.destroyed) {
    res.destroy(); // the client went away mid-body: nobody to answer
    return;
  }
  if (response.rawHeaders !== undefined) {
    // An upstream's answer, passed on as it came (less the hop-by-hop headers).
    const body = response.body ?? new Uint8Array(0);
    const headers = [...response.rawHeaders, "Content-Length", String(body.length)];
    if (response.close) {
      headers.push("Connection", "close");
      lingerOnClose(req);
    }
    res.writeHead(response.status, headers).end(body);
    return;
  }
  for (const [name, value] of Object.entries(response.headers))
    res.setHeader(name, value as string | string[]);
  if (response.close) {
    res.setHeader("Connection", "close");
    lingerOnClose(req);
  }
  if (response.body === undefined) {
    res.writeHead(response.status).end();
    return;
  }
  res.setHeader("Content-Length", Buffer.byteLength(response.body));
  res.writeHead(response.status).end(response.body);
}

/** The mock's credentials for the page when all four are its published defaults, else none. */
function published(options: ResolvedOptions) {
  const credentials = {
    publicKey: options.publicKey,
    privateKey: options.privateKey,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
  };
  const isDefault =
    credentials.publicKey === OPTIONS.publicKey.default &&
    credentials.privateKey === OPTIONS.privateKey.default &&
    credentials.clientId === OPTIONS.clientId.default &&
    credentials.clientSecret === OPTIONS.clientSecret.default;
  return isDefault ? credentials : undefined;
}

/** A Host header that may name the origin of links (RFC 9110 §7.2: host and port). */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** How long, once closing, an idle keep-alive connection is left for its client to close it. */
const DRAIN_MS = 500;

/** How long a connection closed after an answer still reads (and drops) what the client sends. */
const LINGER_MS = 2000;

/**
 * node:http destroys a `Connection: close` socket as soon as the answer is written; a client still
 * sending its body (an unauthenticated or oversized upload) then gets a reset instead of the
 * answer. So the socket is half-closed instead, what still comes is read and dropped, and it is
 * destroyed when the client closes or after LINGER_MS (RFC 9112 §9.6).
 */
function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket as Socket & { destroySoon?: () => void };
  socket.destroySoon = () => {
    socket.end();
    req.removeAllListeners("data");
    req.on("data", () => {});
    req.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
}

/** The answer to a request over the connection cap: come back in a second, on a new connection. */
function busy(): MockResponse {
  return errorResponse(
    apiError(
      503,
      "SERVICE_UNAVAILABLE",
      "The mock is serving as many connections as it allows; retry shortly.",
    ),
    { headers: { "Retry-After": "1" }, close: true },
  );
}

function report(line: string): void {
  try {
    process.stderr.write(`atlas-mock: ${line}\n`);
  } catch {
    // stderr is gone: nothing else to tell
  }
}

/** A request target as it may appear in a log line: printable ASCII, at most 200 characters. */
function safeTarget(target: string): string {
  const printable = target.replace(/[^\x21-\x7e]/g, "?");
  return printable.length > 200 ? `${printable.slice(0, 200)}…` : printable;
}

function clientErrorDetail(status: number): string {
  if (status === 431) return "The request head is larger than the mock reads (16 KiB).";
  if (status === 408) return "The request did not arrive in time.";
  return "The request is not valid HTTP/1.1 (RFC 9112).";
}
