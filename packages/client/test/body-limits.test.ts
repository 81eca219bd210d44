/** Body limits: success bodies up to maxBodyBytes, error bodies up to 64 KiB, token-endpoint bodies up to 64 KiB. */
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AtlasBodyTooLargeError, createAtlasAdminClient, UNRECOGNIZED_ERROR_BODY } from "../src/index.js";
import { apiKey, credentials, fakeAtlas, orgId } from "./helpers/fake-atlas.js";
import { afterHead, chunk, HEAD_200, startNetServer, writeForever } from "./helpers/net-server.js";
import { json } from "./helpers/recording-fetch.js";

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

describe("every body is read up to a limit", () => {
  const endless = (status: string) => (socket: Socket) => {
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const block = chunk(`[${"0,".repeat(8190)}0]`);
    writeForever(socket, () => block);
  };

  it("an endless error body is cut at 64 KiB and returned as an ApiError, without waiting for the deadline", async () => {
    const server = await serve(endless("500 Internal Server Error"));
    const started = Date.now();
    const { error, response } = await list(server.baseUrl, { timeoutMs: 10_000 });
    expect(response.status).toBe(500);
    expect(error).toMatchObject({ error: 500, errorCode: UNRECOGNIZED_ERROR_BODY });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("an endless token-endpoint body rejects with AtlasBodyTooLargeError", { timeout: 10_000 }, async () => {
    const server = await serve(endless("200 OK"));
    const atlas = createAtlasAdminClient({
      baseUrl: server.baseUrl,
      clientId: "mdb_sa_id_x",
      clientSecret: "mdb_sa_sk_y",
      retry: false,
    });
    const error = await atlas
      .GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasBodyTooLargeError);
    expect((error as Error).message).toMatch(
      /^POST \/api\/oauth\/token answered with a body longer than 65536 bytes/,
    );
  });

  it("a success body under maxBodyBytes is read whole", async () => {
    const body = JSON.stringify({ results: [], totalCount: 0, links: [], pad: "x".repeat(100_000) });
    const server = await serve((socket) =>
      socket.end(`${HEAD_200}Content-Length: ${body.length}\r\n\r\n${body}`),
    );
    const { data } = await list(server.baseUrl, { maxBodyBytes: body.length });
    expect(data?.totalCount).toBe(0);
  });
});

describe("error bodies are read up to a limit", () => {
  const KiB = 1024;
  const CHUNK = 16 * KiB;

  /**
   * A body of `total` bytes that counts the bytes pulled from it and whether it was cancelled;
   * with `stall`, it sends `total` bytes and then never ends.
   */
  function hugeBody(total = 10 * 1024 * KiB, stall = false) {
    const state = { pulled: 0, cancelled: false };
    const chunk = new TextEncoder().encode("<html>".padEnd(CHUNK, "x"));
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (state.pulled >= total) return stall ? new Promise<void>(() => {}) : controller.close();
          state.pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
        cancel() {
          state.cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    return { state, stream };
  }

  const post = (answer: () => Response, timeoutMs = 10_000) => {
    const wire = fakeAtlas(answer);
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch, retry: false, timeoutMs });
    return atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } });
  };

  it("a 10 MB garbage error body is not buffered whole: the rest is cancelled", async () => {
    const { state, stream } = hugeBody();
    const { error, response } = await post(
      () => new Response(stream, { status: 502, statusText: "Bad Gateway" }),
    );
    expect(response.status).toBe(502);
    expect(error).toMatchObject({ error: 502, errorCode: UNRECOGNIZED_ERROR_BODY, reason: "Bad Gateway" });
    expect(error?.detail).toHaveLength(1000);
    expect(error?.detail?.startsWith("<html>xxx")).toBe(true);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(64 * KiB + CHUNK);
  });

  it("an error body that never ends does not hold the call until the timeout", async () => {
    const { state, stream } = hugeBody(1024 * KiB, true);
    const { error } = await post(() => new Response(stream, { status: 500 }), 3000);
    expect(error).toMatchObject({ error: 500, errorCode: UNRECOGNIZED_ERROR_BODY });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(64 * KiB + CHUNK);
  });

  it("an Atlas error body well under the limit is still returned as is", async () => {
    const body = { error: 400, errorCode: "INVALID_ATTRIBUTE", detail: "é".repeat(20_000) };
    const { error } = await post(() => json(400, body));
    expect(error).toEqual(body);
  });

  it("a 2xx JSON body is read whole (it is the data)", async () => {
    const big = { ...apiKey, desc: "d".repeat(200 * KiB) };
    const wire = fakeAtlas(() => json(200, big));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    const { data } = await atlas.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "x" },
    });
    expect(data).toEqual(big);
  });
});
