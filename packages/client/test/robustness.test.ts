/** Timeouts and network failures against real sockets on 127.0.0.1. */
import { afterEach, describe, expect, it } from "vitest";
import {
  AtlasNetworkError,
  AtlasTimeoutError,
  createAtlasAdminClient,
  DEFAULT_TIMEOUT_MS,
} from "../src/index.js";
import { credentials, orgId } from "./helpers/fake-atlas.js";
import { CHALLENGE, closedPort, startRawServer } from "./helpers/raw-server.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const post = (baseUrl: string, timeoutMs?: number, signal?: AbortSignal) =>
  createAtlasAdminClient({ ...credentials, baseUrl, timeoutMs }).POST("/orgs/{orgId}/apiKeys", {
    params: { path: { orgId } },
    body: { desc: "x" },
    signal,
  });

describe("timeout", () => {
  it("defaults to 30 s", () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
  });

  // Limits are generous: on a loaded 2-core machine the first request can take a few hundred ms to reach the server.
  it("ends a call to a server that never answers with AtlasTimeoutError naming method, path and limit", async () => {
    const server = await startRawServer(() => {});
    close = server.close;
    const error = await post(server.baseUrl, 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasTimeoutError);
    expect((error as Error).message).toBe(
      `POST /api/atlas/v1.0/orgs/${orgId}/apiKeys timed out after 1000 ms`,
    );
    expect(error).toMatchObject({
      method: "POST",
      path: `/api/atlas/v1.0/orgs/${orgId}/apiKeys`,
      timeoutMs: 1000,
    });
    expect(server.requestCount()).toBe(1);
  });

  it("covers the signed request after the challenge", async () => {
    const server = await startRawServer((_req, res, i) => {
      if (i === 0) {
        res.writeHead(401, { "WWW-Authenticate": CHALLENGE, "Content-Type": "application/json" });
        res.end('{"error":401,"errorCode":"UNAUTHORIZED"}');
      }
    });
    close = server.close;
    await expect(post(server.baseUrl, 1000)).rejects.toThrow(AtlasTimeoutError);
    expect(server.requestCount()).toBe(2);
  });

  it("covers a body that stops half-way", async () => {
    const server = await startRawServer((_req, res, i) => {
      if (i === 0) {
        res.writeHead(401, { "WWW-Authenticate": CHALLENGE });
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"id":"5c47ba5127d9d61b9fd8a27b",');
    });
    close = server.close;
    await expect(post(server.baseUrl, 1000)).rejects.toThrow(AtlasTimeoutError);
  });

  it("a caller's AbortSignal still aborts the call with its own reason", async () => {
    const server = await startRawServer(() => {});
    close = server.close;
    const controller = new AbortController();
    const pending = post(server.baseUrl, 10_000, controller.signal);
    setTimeout(() => controller.abort(new Error("user gave up")), 50);
    await expect(pending).rejects.toThrow("user gave up");
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
