import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";
import { PRIVATE_KEY, PUBLIC_KEY } from "./helpers/digest-client.js";
import { openSignedPost, parseResponse } from "./helpers/raw-http.js";

const LIMIT = 1024 * 1024;
let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({
    port: 0,
    host: "127.0.0.1",
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    bodyTimeoutMs: 300,
    bodyLimitBytes: LIMIT,
  });
});
afterAll(() => mock.close());

describe("body reading", () => {
  it("answers a body that stops arriving with 408 after bodyTimeoutMs and closes the connection", async () => {
    const connection = await openSignedPost(mock.url, {
      "Content-Type": "application/json",
      "Content-Length": "100",
    });
    const started = performance.now();
    connection.socket.write('{"roles":');
    const data = await connection.closed;
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5000);
    const response = parseResponse(data);
    expect(response.status).toBe(408);
    expect(response.headers.connection).toBe("close");
    expect(JSON.parse(response.body)).toMatchObject({ error: 408, errorCode: "REQUEST_TIMEOUT" });
  }, 10_000);

  it("answers a chunked body with 413 as soon as it passes the limit, and closes the connection", async () => {
    const connection = await openSignedPost(mock.url, {
      "Content-Type": "application/json",
      "Transfer-Encoding": "chunked",
    });
    const total = 3 * LIMIT;
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    let sentWhenAnswered: number | undefined;
    let closedEarly = false;
    void connection.closed.then(() => {
      closedEarly = true;
    });
    while (sent < total && !closedEarly) {
      if (sentWhenAnswered === undefined && connection.received().length > 0) sentWhenAnswered = sent;
      if (sentWhenAnswered !== undefined) break;
      connection.socket.write(`${chunk.length.toString(16)}\r\n`);
      connection.socket.write(chunk);
      connection.socket.write("\r\n");
      sent += chunk.length;
      await sleep(5);
    }
    if (sent >= total && !closedEarly) connection.socket.write("0\r\n\r\n");
    const data = await connection.closed;
    expect(sent, "the client had to send the whole body").toBeLessThan(total);
    const response = parseResponse(data);
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe("close");
    expect(JSON.parse(response.body)).toMatchObject({ error: 413, errorCode: "REQUEST_TOO_LARGE" });
  });
});
