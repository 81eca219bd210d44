/**
 * Clients that hold what they can, on the mock's defaults: delays asked for without credentials,
 * clients that leave mid-delay or abort in-process, huge uploads, Digest credentials signed for
 * another target, a repeated `grant_type`. (Silent sockets and bursts: test/bounds.test.ts.)
 */
import { once } from "node:events";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAtlasMock,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type RunningMock,
  startMock,
} from "../src/index.js";
import { curl } from "./helpers/curl.js";
import {
  API_KEYS_PATH,
  authorization,
  fetchChallenge,
  PRIVATE_KEY,
  PUBLIC_KEY,
  signedFetch,
} from "./helpers/digest-client.js";
import { parseResponse } from "./helpers/raw-http.js";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
});
afterAll(() => mock.close());

const listCount = async (): Promise<number> => {
  const response = await signedFetch(mock.url, API_KEYS_PATH, { method: "GET", contentType: null });
  return ((await response.json()) as { totalCount: number }).totalCount;
};

/** Sends a head and then `bodyBytes` bytes of body as fast as the server takes them; the answer. */
async function upload(head: string, bodyBytes: number): Promise<string> {
  const url = new URL(mock.url);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, "connect");
  let received = "";
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString("latin1");
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(head);
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let sent = 0; sent < bodyBytes && socket.writable; sent += chunk.length) {
    if (!socket.write(chunk)) await Promise.race([once(socket, "drain"), closed]);
  }
  await closed;
  return received;
}

describe("hostile clients", () => {
  it("answers an unauthenticated `Prefer: fault=latency=60000` with 401 at once", async () => {
    const started = performance.now();
    const response = await fetch(mock.url + API_KEYS_PATH, {
      method: "POST",
      headers: { Prefer: "fault=latency=60000" },
    });
    expect(response.status).toBe(401);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("creates nothing for a signed POST whose client leaves during its delay", async () => {
    const before = await listCount();
    const { params } = await fetchChallenge(mock.url);
    const body = JSON.stringify({ desc: "left", roles: ["ORG_MEMBER"] });
    const url = new URL(mock.url);
    const socket = connect(Number(url.port), url.hostname);
    await once(socket, "connect");
    socket.write(
      `POST ${API_KEYS_PATH} HTTP/1.1\r\nHost: ${url.host}\r\n` +
        `Authorization: ${authorization({ method: "POST", uri: API_KEYS_PATH, nonce: params.nonce as string })}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nPrefer: fault=latency=500\r\n\r\n${body}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await listCount()).toBe(before);
  });

  it("answers a 100 MB unauthenticated upload with its 401, and a signed one with 413, not a reset", async () => {
    const head = (auth: string) =>
      `POST ${API_KEYS_PATH} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n`;
    expect(parseResponse(await upload(head(""), 100_000_000)).status).toBe(401);
    const { params } = await fetchChallenge(mock.url);
    const signed = `Authorization: ${authorization({ method: "POST", uri: API_KEYS_PATH, nonce: params.nonce as string })}\r\n`;
    expect(parseResponse(await upload(head(signed), 100_000_000)).status).toBe(413);
  });

  it("answers Digest credentials whose uri is not the request target with 400 (RFC 7616 §3.4.6)", async () => {
    const { params } = await fetchChallenge(mock.url);
    const host = new URL(mock.url).host;
    const send = (uri: string, nc: number) =>
      fetch(mock.url + API_KEYS_PATH, {
        method: "GET",
        headers: { Authorization: authorization({ method: "GET", uri, nonce: params.nonce as string, nc }) },
      });
    const other = await send(`${API_KEYS_PATH}?itemsPerPage=1`, 1);
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: 400, errorCode: "MALFORMED_REQUEST" });
    expect((await send(`http://elsewhere.example${API_KEYS_PATH}`, 2)).status).toBe(400);
    expect((await send(`http://${host}${API_KEYS_PATH}`, 3)).status).toBe(200);
  });

  it("refuses a repeated grant_type (RFC 6749 §3.1)", async () => {
    const response = await curl(`${mock.url}/api/oauth/token`, {
      auth: "basic",
      user: `${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      data: "grant_type=client_credentials&grant_type=client_credentials",
    });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("in-process, the caller's abort signal", () => {
  const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString("base64")}`;
  const bearer = async (atlas: Awaited<ReturnType<typeof createAtlasMock>>) => {
    const response = await atlas.fetch("http://mock/api/oauth/token", {
      method: "POST",
      headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  };

  it("an aborted call rejects with the signal's reason and creates nothing", async () => {
    const atlas = await createAtlasMock();
    const auth = await bearer(atlas);
    const create = (signal: AbortSignal, prefer?: string) =>
      atlas.fetch(`http://mock${API_KEYS_PATH}`, {
        method: "POST",
        headers: {
          Authorization: auth,
          "Content-Type": "application/json",
          ...(prefer ? { Prefer: prefer } : {}),
        },
        body: JSON.stringify({ desc: "aborted", roles: ["ORG_MEMBER"] }),
        signal,
      });
    await expect(create(AbortSignal.abort(new Error("before")))).rejects.toThrow("before");
    const controller = new AbortController();
    const pending = create(controller.signal, "fault=latency=300");
    setTimeout(() => controller.abort(new Error("during")), 50);
    await expect(pending).rejects.toThrow("during");
    const listed = await atlas.fetch(`http://mock${API_KEYS_PATH}`, { headers: { Authorization: auth } });
    expect(((await listed.json()) as { totalCount: number }).totalCount).toBe(0);
  });

  it("a timeout fault with an aborted signal rejects at once", async () => {
    const atlas = await createAtlasMock();
    const answer = atlas.fetch(`http://mock${API_KEYS_PATH}`, {
      headers: { Prefer: "fault=timeout" },
      signal: AbortSignal.abort(new Error("already")),
    });
    await expect(answer).rejects.toThrow("already");
  });
});
