/**
 * Every resource the mock holds is bounded by count and by time: connections, stored keys, the
 * token endpoint's counts; and closing lets requests in flight finish.
 */
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type RunningMock, startMock } from "../src/index.js";
import { curl } from "./helpers/curl.js";
import { API_KEYS_PATH, PRIVATE_KEY, PUBLIC_KEY, signedFetch } from "./helpers/digest-client.js";
import { openSignedPost, parseResponse } from "./helpers/raw-http.js";

let mock: RunningMock | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await mock?.close();
  mock = undefined;
});

async function start(options: Parameters<typeof startMock>[0] = {}) {
  mock = await startMock({ port: 0, publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, ...options });
  return mock;
}

async function openIdle(url: string): Promise<{ socket: Socket; closed: Promise<number> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  socket.on("error", () => {});
  socket.resume(); // read what comes, so that the server's close is seen
  const started = performance.now();
  const closed = new Promise<number>((resolve) =>
    socket.once("close", () => resolve(performance.now() - started)),
  );
  await once(socket, "connect");
  return { socket, closed };
}

/** Opens a connection and sends one unsigned keep-alive request; resolves with its answer. */
async function requestOn(url: string): Promise<{ socket: Socket; answer: string }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  socket.on("error", () => {});
  await once(socket, "connect");
  socket.write(`GET ${API_KEYS_PATH} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
  let answer = "";
  await new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      answer += chunk.toString("latin1");
      const end = answer.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(answer)?.[1];
      if (end !== -1 && length !== undefined && answer.length >= end + 4 + Number(length)) {
        socket.off("data", onData);
        resolve();
      }
    };
    socket.on("data", onData);
    socket.once("close", () => resolve());
  });
  return { socket, answer };
}

const createKey = (url: string, desc: string) =>
  signedFetch(url, API_KEYS_PATH, { body: JSON.stringify({ desc, roles: ["ORG_MEMBER"] }) });

async function listDescriptions(url: string): Promise<string[]> {
  const response = await signedFetch(url, `${API_KEYS_PATH}?itemsPerPage=500`, {
    method: "GET",
    contentType: null,
  });
  const page = (await response.json()) as { results: { desc: string }[] };
  return page.results.map((key) => key.desc);
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";
const requestToken = (url: string, user: string) =>
  curl(`${url}/api/oauth/token`, {
    auth: "basic",
    user,
    headers: FORM,
    data: "grant_type=client_credentials",
  });

describe("bounds", () => {
  it("closes a connection that sends no request within the head timeout", async () => {
    const { url } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const { closed } = await openIdle(url);
    const ms = await closed;
    expect(ms).toBeLessThan(3000);
  });

  it("tells a request past maxConnections to come back (503, Retry-After, close); silent sockets do not count", async () => {
    const { url } = await start({ maxConnections: 3 });
    // A silent socket does not count: three requests are served beside it.
    const silent = [await openIdle(url)];
    const held = [await requestOn(url), await requestOn(url), await requestOn(url)];
    for (const { answer } of held) expect(parseResponse(answer).status).toBe(401);
    const extra = await requestOn(url);
    const refused = parseResponse(extra.answer);
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.headers.connection).toBe("close");
    expect(JSON.parse(refused.body)).toMatchObject({ error: 503, errorCode: "SERVICE_UNAVAILABLE" });
    for (const { socket } of [...held, ...silent, extra]) socket.destroy();
    await Promise.all(silent.map((s) => s.closed));
    // Served again once the server has seen them close.
    let after = await createKey(url, "after");
    for (let i = 0; i < 50 && after.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await createKey(url, "after");
    }
    expect(after.status).toBe(200);
  });

  it("answers a signed request at once with 1,100 silent sockets open, on its defaults", async () => {
    const { url } = await start();
    const silent: Promise<unknown>[] = [];
    for (let i = 0; i < 1100; i++) silent.push(openIdle(url));
    await Promise.all(silent);
    const started = performance.now();
    const response = await createKey(url, "among silent sockets");
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("keeps at most maxCreatedPerList keys per organization, forgetting the oldest", async () => {
    const { url } = await start({ maxCreatedPerList: 3 });
    for (const desc of ["k1", "k2", "k3", "k4", "k5"]) expect((await createKey(url, desc)).status).toBe(200);
    expect(await listDescriptions(url)).toEqual(["k3", "k4", "k5"]);
  });

  it("keeps at most maxCreated keys in all", async () => {
    const { url } = await start({ maxCreated: 2 });
    for (const desc of ["k1", "k2", "k3"]) expect((await createKey(url, desc)).status).toBe(200);
    expect(await listDescriptions(url)).toEqual(["k2", "k3"]);
  });

  it("counts token requests with a made-up client id apart: the real account is not locked out", async () => {
    const { url } = await start({ tokenRateLimit: 3 });
    for (let i = 0; i < 10; i++) {
      const refused = await requestToken(url, `mdb_sa_id_madeup${i % 2}:wrong`);
      expect([401, 429]).toContain(refused.status);
    }
    const real = await requestToken(url, `${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`);
    expect(real.status).toBe(200);
  });

  it("limits wrong secrets for one client id (429 after the limit), also on revoke", async () => {
    const { url } = await start({ tokenRateLimit: 3 });
    const wrong = `${DEFAULT_CLIENT_ID}:not-the-secret`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await requestToken(url, wrong)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const revoke = await curl(`${url}/api/oauth/revoke`, {
      auth: "basic",
      user: wrong,
      headers: FORM,
      data: "token=x",
    });
    expect(revoke.status).toBe(429);
  });

  it("close() lets a request in flight finish, then stops", async () => {
    const { url } = await start({ shutdownGraceMs: 5000 });
    const body = JSON.stringify({ desc: "in flight", roles: ["ORG_MEMBER"] });
    // The interim 100 Continue proves the server holds the request before close() is called; a
    // connection whose head is not yet parsed counts as idle and is closed at once.
    const connection = await openSignedPost(url, {
      "Content-Type": "application/json",
      "Content-Length": String(body.length),
      Expect: "100-continue",
    });
    await vi.waitUntil(() => connection.received().startsWith(CONTINUE), { timeout: 10_000 });
    connection.socket.write(body.slice(0, 10));
    const closing = (mock as RunningMock).close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    connection.socket.write(body.slice(10));
    const received = await connection.closed;
    const answer = parseResponse(received.slice(CONTINUE.length));
    expect(answer.status).toBe(200);
    // Answered while closing: the client is told not to reuse the connection.
    expect(answer.headers.connection).toBe("close");
    await closing;
    mock = undefined;
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it("close() ends a request still in flight after the grace period", async () => {
    const { url } = await start({ shutdownGraceMs: 200 });
    const connection = await openSignedPost(url, {
      "Content-Type": "application/json",
      "Content-Length": "100",
      Expect: "100-continue",
    });
    await vi.waitUntil(() => connection.received().startsWith(CONTINUE), { timeout: 10_000 });
    connection.socket.write("{");
    const started = performance.now();
    await (mock as RunningMock).close();
    mock = undefined;
    await connection.closed;
    // Held for the grace period (200 ms), then cut, long before the request timeout.
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
