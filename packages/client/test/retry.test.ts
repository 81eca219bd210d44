/** 429 handling, with fake timers: no waiting in real time. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAtlasAdminClient, type RetryOptions } from "../src/index.js";
import { parseRetryAfter } from "../src/retry.js";
import { apiKey, credentials, fakeAtlas, orgId, signedRequests } from "./helpers/fake-atlas.js";
import { json } from "./helpers/recording-fetch.js";

const rateLimited = (retryAfter?: string) =>
  json(
    429,
    { error: 429, errorCode: "RATE_LIMITED", reason: "Too Many Requests" },
    retryAfter === undefined ? {} : { "Retry-After": retryAfter },
  );

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date("2026-11-23T12:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(
  answers: (() => Response)[],
  options: { retry?: false | RetryOptions; timeoutMs?: number } = {},
) {
  const wire = fakeAtlas((_, i) => (answers[i] ?? (() => json(200, apiKey)))());
  const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch, ...options });
  const pending = atlas.POST("/orgs/{orgId}/apiKeys", {
    params: { path: { orgId } },
    body: { desc: "CI key", roles: ["ORG_MEMBER"] },
  });
  return { pending, signed: () => signedRequests(wire.requests) };
}

describe("503 with Retry-After", () => {
  const unavailable = (retryAfter?: string) =>
    json(
      503,
      { error: 503, errorCode: "SERVICE_UNAVAILABLE", reason: "Service Unavailable" },
      retryAfter === undefined ? {} : { "Retry-After": retryAfter },
    );

  it("is waited out like a 429: the server said when to come back", async () => {
    const { pending, signed } = setup([() => unavailable("1")]);
    await vi.advanceTimersByTimeAsync(999);
    expect(signed()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).data).toEqual(apiKey);
    expect(signed()).toHaveLength(2);
  });

  it("without Retry-After is returned as it is, sent once", async () => {
    const { pending, signed } = setup([() => unavailable()]);
    const { error, response } = await pending;
    expect(response.status).toBe(503);
    expect(error).toMatchObject({ errorCode: "SERVICE_UNAVAILABLE" });
    expect(signed()).toHaveLength(1);
  });
});

describe("429 retry", () => {
  it("waits Retry-After seconds, then sends the same request again", async () => {
    const { pending, signed } = setup([() => rateLimited("2")]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(signed()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const { data, error } = await pending;
    expect(error).toBeUndefined();
    expect(data).toEqual(apiKey);
    expect(signed()).toHaveLength(2);
    expect(signed()[1]?.body).toBe(signed()[0]?.body);
    expect(signed()[1]?.body).toBe(JSON.stringify({ desc: "CI key", roles: ["ORG_MEMBER"] }));
  });

  it("honours Retry-After as an HTTP date", async () => {
    const { pending, signed } = setup([() => rateLimited("Mon, 23 Nov 2026 12:00:05 GMT")]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(signed()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).data).toEqual(apiKey);
  });

  it("backs off 1 s, then 2 s without Retry-After", async () => {
    const { pending, signed } = setup([() => rateLimited(), () => rateLimited()]);
    await vi.advanceTimersByTimeAsync(999);
    expect(signed()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(signed()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(signed()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).data).toEqual(apiKey);
  });

  it("stops after 3 attempts by default and returns the last 429", async () => {
    const { pending, signed } = setup(Array(10).fill(() => rateLimited("1")));
    await vi.advanceTimersByTimeAsync(10_000);
    const { error, response } = await pending;
    expect(response.status).toBe(429);
    expect(error).toEqual({ error: 429, errorCode: "RATE_LIMITED", reason: "Too Many Requests" });
    expect(signed()).toHaveLength(3);
  });

  it("retry: { attempts } sets the bound", async () => {
    const { pending, signed } = setup(
      Array(10).fill(() => rateLimited("0")),
      { retry: { attempts: 5 } },
    );
    await vi.advanceTimersByTimeAsync(100);
    expect((await pending).response.status).toBe(429);
    expect(signed()).toHaveLength(5);
  });

  it("retry: false returns the first 429", async () => {
    const { pending, signed } = setup([() => rateLimited("0")], { retry: false });
    expect((await pending).response.status).toBe(429);
    expect(signed()).toHaveLength(1);
  });

  it("does not wait longer than maxDelayMs: a longer Retry-After returns the 429 at once", async () => {
    const { pending, signed } = setup([() => rateLimited("31")]);
    expect((await pending).response.status).toBe(429);
    expect(signed()).toHaveLength(1);
    const tuned = setup([() => rateLimited("5")], { retry: { maxDelayMs: 4000 } });
    expect((await tuned.pending).response.status).toBe(429);
    expect(tuned.signed()).toHaveLength(1);
  });

  it("does not start a wait that would outlast the call's timeout", async () => {
    const { pending, signed } = setup([() => rateLimited("10")], { timeoutMs: 5000 });
    expect((await pending).response.status).toBe(429);
    expect(signed()).toHaveLength(1);
  });

  it("does not retry other statuses, Retry-After or not", async () => {
    const { pending, signed } = setup([
      () => json(500, { error: 500, errorCode: "UNEXPECTED_ERROR" }, { "Retry-After": "0" }),
    ]);
    expect((await pending).response.status).toBe(500);
    expect(signed()).toHaveLength(1);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it.each([
    ["0", 0],
    ["7", 7000],
    [" 3 ", 3000],
    ["Mon, 23 Nov 2026 12:00:30 GMT", 30_000],
    ["Mon, 23 Nov 2026 11:00:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    ["1.5", undefined],
  ])("%j → %j ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it("absent → undefined", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
