/** The call deadline: timeoutMs and its default, timers cleared, the caller's abort honoured by every wait. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { AtlasTimeoutError, createAtlasAdminClient, DEFAULT_TIMEOUT_MS } from "../src/index.js";
import { apiKey, credentials, fakeAtlas, orgId } from "./helpers/fake-atlas.js";
import { CHALLENGE, startRawServer } from "./helpers/raw-server.js";
import { json } from "./helpers/recording-fetch.js";
import { ignoresSignals, neverAnswers } from "./helpers/transports.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await close?.();
  close = undefined;
});

const createKey = (atlas: ReturnType<typeof createAtlasAdminClient>, init: { signal?: AbortSignal } = {}) =>
  atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" }, ...init });

/** Creates a key through a real socket at `baseUrl`. */
const post = (baseUrl: string, timeoutMs?: number, signal?: AbortSignal) =>
  createKey(createAtlasAdminClient({ ...credentials, baseUrl, timeoutMs }), { signal });

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

describe("deadline", () => {
  it("a client built without timeoutMs gives each call a DEFAULT_TIMEOUT_MS deadline", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const atlas = createAtlasAdminClient({
        ...credentials,
        // A server that never answers: only the deadline ends the call.
        fetch: (request) =>
          new Promise((_, reject) =>
            request.signal.addEventListener("abort", () => reject(request.signal.reason)),
          ),
      });
      let settled: unknown;
      const call = createKey(atlas).then(
        () => "answered",
        (error: unknown) => error,
      );
      void call.then((value) => {
        settled = value;
      });
      await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
      expect(settled).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(await call).toBeInstanceOf(AtlasTimeoutError);
      expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("leaves no timer behind once a call has ended, answered or failed", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const ok = createAtlasAdminClient({ ...credentials, fetch: fakeAtlas(() => json(200, apiKey)).fetch });
    expect((await createKey(ok)).data).toEqual(apiKey);
    const failing = createAtlasAdminClient({
      ...credentials,
      fetch: () => Promise.reject(new Error("connection refused")),
    });
    await expect(createKey(failing)).rejects.toThrow();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("every wait honours the caller's abort", () => {
  it("a call waiting on another call's first Digest challenge rejects promptly on abort", async () => {
    const probes: Request[] = [];
    const atlas = createAtlasAdminClient({
      ...credentials,
      // the first, unsigned request gets no answer until its own signal ends it
      fetch: (request) => {
        probes.push(request);
        return neverAnswers(request);
      },
      timeoutMs: 10_000,
    });
    const firstCaller = new AbortController();
    const first = createKey(atlas, { signal: firstCaller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(probes).toHaveLength(1));
    const controller = new AbortController();
    const second = createKey(atlas, { signal: controller.signal });
    const reason = new Error("the second caller gave up");
    const started = Date.now();
    setTimeout(() => controller.abort(reason), 20);
    await expect(second).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(probes).toHaveLength(1);
    firstCaller.abort(new Error("done"));
    expect(await first).toMatchObject({ message: "done" });
  });
});

describe("a transport that ignores abort signals", () => {
  it("still lets the caller's abort end a call in flight", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: ignoresSignals });
    const controller = new AbortController();
    const call = createKey(atlas, { signal: controller.signal });
    const reason = new Error("the caller gave up mid-flight");
    setTimeout(() => controller.abort(reason), 20);
    await expect(call).rejects.toBe(reason);
  });

  it("still ends a call in flight at the deadline", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: ignoresSignals, timeoutMs: 50 });
    await expect(createKey(atlas)).rejects.toThrow(AtlasTimeoutError);
  });

  it("is not called once the caller has aborted, so the call still ends with the caller's reason", async () => {
    let calls = 0;
    const atlas = createAtlasAdminClient({
      ...credentials,
      fetch: () => {
        calls += 1;
        return ignoresSignals();
      },
    });
    const reason = new Error("aborted before sending");
    await expect(createKey(atlas, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(calls).toBe(0);
  });
});
