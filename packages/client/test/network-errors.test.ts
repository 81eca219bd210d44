/** Each way a connection can fail surfaces as the AtlasError subclass the README lists, never a bare TypeError, RangeError or SyntaxError. */
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  AtlasBodyTooLargeError,
  type AtlasError,
  AtlasNetworkError,
  AtlasResponseError,
  AtlasTimeoutError,
  createAtlasAdminClient,
} from "../src/index.js";
import { credentials, orgId } from "./helpers/fake-atlas.js";
import { afterHead, chunk, HEAD_200, startNetServer, writeForever } from "./helpers/net-server.js";
import { CHALLENGE, closedPort, startRawServer } from "./helpers/raw-server.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(answer: (socket: Socket) => void) {
  const server = await startNetServer((socket) => afterHead(socket, () => answer(socket)));
  close = server.close;
  return server;
}

const list = (baseUrl: string, options: { maxBodyBytes?: number; timeoutMs?: number } = {}) =>
  createAtlasAdminClient({ ...credentials, baseUrl, retry: false, timeoutMs: 5000, ...options }).GET(
    "/orgs/{orgId}/apiKeys",
    { params: { path: { orgId } } },
  );

/** Creates a key at `baseUrl` with the default retries and deadline. */
const post = (baseUrl: string) =>
  createAtlasAdminClient({ ...credentials, baseUrl }).POST("/orgs/{orgId}/apiKeys", {
    params: { path: { orgId } },
    body: { desc: "x" },
  });

describe("each way a connection can fail is an AtlasError subclass", () => {
  const cases: [string, (socket: Socket) => void, new (...args: never[]) => AtlasError][] = [
    ["reset before the response head", (socket) => socket.resetAndDestroy(), AtlasNetworkError],
    ["closed before the response head", (socket) => socket.end(), AtlasNetworkError],
    [
      "reset after the head, before any body",
      (socket) => {
        socket.write(`${HEAD_200}Transfer-Encoding: chunked\r\n\r\n`);
        setTimeout(() => socket.resetAndDestroy(), 20);
      },
      AtlasNetworkError,
    ],
    [
      "cut in the middle of the body (Content-Length not reached)",
      (socket) => {
        socket.write(`${HEAD_200}Content-Length: 1000\r\n\r\n{"results":[`);
        setTimeout(() => socket.destroy(), 20);
      },
      AtlasNetworkError,
    ],
    [
      "reset in the middle of a chunked body",
      (socket) => {
        socket.write(`${HEAD_200}Transfer-Encoding: chunked\r\n\r\n${chunk('{"results":[')}`);
        setTimeout(() => socket.resetAndDestroy(), 20);
      },
      AtlasNetworkError,
    ],
    [
      "TLS-like garbage bytes instead of HTTP",
      (socket) => socket.end(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])),
      AtlasNetworkError,
    ],
    [
      "an HTTP status line out of range",
      (socket) => socket.end("HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\n{}"),
      AtlasNetworkError,
    ],
    [
      "endless response headers",
      (socket) => {
        socket.write("HTTP/1.1 200 OK\r\n");
        let i = 0;
        writeForever(socket, () => `X-Header-${i++}: ${"a".repeat(1000)}\r\n`);
      },
      AtlasNetworkError,
    ],
    [
      "a chunked body with a malformed chunk size",
      (socket) => socket.end(`${HEAD_200}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`),
      AtlasNetworkError,
    ],
    [
      "a 200 whose body is not JSON",
      (socket) => socket.end(`${HEAD_200}Content-Length: 8\r\n\r\ngarbage{`),
      AtlasResponseError,
    ],
    [
      "a head, then silence",
      (socket) => socket.write(`${HEAD_200}Content-Length: 100\r\n\r\n{`),
      AtlasTimeoutError,
    ],
  ];

  it.each(cases)("%s", { timeout: 10_000 }, async (_, answer, expected) => {
    const server = await serve(answer);
    const error = await list(server.baseUrl, { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(expected);
    expect((error as Error).message).toMatch(new RegExp(`^GET /api/atlas/v1.0/orgs/${orgId}/apiKeys `));
  });

  it("connection refused", async () => {
    const error = await list(`http://127.0.0.1:${await closedPort()}/api/atlas/v1.0`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AtlasNetworkError);
  });
});

// Here rather than in body-limits.test.ts: the memory it measures is only the body's once the
// connections above have warmed the HTTP stack; in a fresh worker the one-time allocations count.
describe("every body is read up to a limit", () => {
  const endless = (status: string) => (socket: Socket) => {
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const block = chunk(`[${"0,".repeat(8190)}0]`);
    writeForever(socket, () => block);
  };

  it("an endless success body rejects with AtlasBodyTooLargeError; memory grows by less than the limit plus a few MB", {
    timeout: 20_000,
  }, async () => {
    const server = await serve(endless("200 OK"));
    const maxBodyBytes = 8 * 1024 * 1024;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const error = await list(server.baseUrl, { maxBodyBytes, timeoutMs: 15_000 }).catch((e: unknown) => e);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(error).toBeInstanceOf(AtlasBodyTooLargeError);
    expect(error).toMatchObject({ maxBytes: maxBodyBytes });
    const grownMiB = (peak - before) / 2 ** 20;
    console.log(`endless 200 body, maxBodyBytes 8 MiB: RSS grew ${grownMiB.toFixed(1)} MiB`);
    expect(grownMiB).toBeLessThan(8 + 24);
  });
});

describe("network failure", () => {
  it("connection refused surfaces as AtlasNetworkError with the cause", async () => {
    const port = await closedPort();
    const error = await post(`http://127.0.0.1:${port}/api/atlas/v1.0`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasNetworkError);
    const { cause } = error as AtlasNetworkError;
    expect(cause).toBeInstanceOf(Error);
    expect(JSON.stringify((cause as Error).cause, ["code"])).toContain("ECONNREFUSED");
    expect((error as Error).message).toMatch(
      new RegExp(`^POST /api/atlas/v1.0/orgs/${orgId}/apiKeys failed: the connection broke .*ECONNREFUSED`),
    );
  });

  it("a connection reset after the challenge surfaces as AtlasNetworkError", async () => {
    const server = await startRawServer((req, res, i) => {
      if (i === 0) {
        res.writeHead(401, { "WWW-Authenticate": CHALLENGE });
        res.end();
      } else req.socket.destroy();
    });
    close = server.close;
    await expect(post(server.baseUrl)).rejects.toThrow(AtlasNetworkError);
  });
});
