/**
 * Fault injection through the server and in-process: each kind asked for with `Prefer: fault=…`
 * (on the API and on the token endpoint), and faults drawn at a rate that repeat under a seed.
 */
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  createAtlasMock,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type RunningMock,
  startMock,
} from "../src/index.js";
import { API_KEYS_PATH, PRIVATE_KEY, PUBLIC_KEY, signedFetch } from "./helpers/digest-client.js";

let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});
const start = async (options: Parameters<typeof startMock>[0] = {}) => {
  mock = await startMock({ port: 0, publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, ...options });
  return mock.url;
};

/** One raw request; resolves with the status, or with "reset" / "no answer" (after `waitMs`). */
function raw(url: string, path: string, headers: Record<string, string>, waitMs = 1000) {
  return new Promise<number | "reset" | "no answer">((resolve) => {
    const req = request(url + path, { method: "POST", headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve("reset"));
    req.setTimeout(waitMs, () => {
      resolve("no answer");
      req.destroy();
    });
    req.end();
  });
}

describe("Prefer: fault=<kind>", () => {
  it.each([
    ["status=429", 429, "RATE_LIMITED"],
    ["status=500", 500, "UNEXPECTED_ERROR"],
    ["status=503", 503, "SERVICE_UNAVAILABLE"],
  ])("%s is Atlas's ApiError, whatever the credentials", async (fault, status, errorCode) => {
    const url = await start();
    const response = await fetch(url + API_KEYS_PATH, {
      method: "POST",
      headers: { Prefer: `fault=${fault}` },
    });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: status, errorCode });
    if (status === 429) expect(response.headers.get("retry-after")).toBe("1");
  });

  it("latency=<ms> delays the answer, which is otherwise the same", async () => {
    const url = await start();
    const started = performance.now();
    const response = await signedFetch(url, API_KEYS_PATH, {
      body: JSON.stringify({ roles: ["ORG_MEMBER"] }),
      headers: { Prefer: "fault=latency=300" },
    });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("reset destroys the connection; timeout holds it unanswered; the token endpoint too", async () => {
    const url = await start({ requestTimeoutMs: 2000 });
    expect(await raw(url, API_KEYS_PATH, { Prefer: "fault=reset" })).toBe("reset");
    expect(await raw(url, API_KEYS_PATH, { Prefer: "fault=timeout" }, 500)).toBe("no answer");
    expect(await raw(url, "/api/oauth/token", { Prefer: "fault=timeout" }, 500)).toBe("no answer");
    expect(await raw(url, "/api/oauth/token", { Prefer: "fault=status=503" })).toBe(503);
  });

  it("an unknown fault is a 400 naming the kinds", async () => {
    const url = await start();
    const response = await fetch(url + API_KEYS_PATH, {
      method: "POST",
      headers: { Prefer: "fault=explode" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toMatch(/status=429\|500\|503, latency=<ms.*reset or timeout/);
  });
});

describe("faults at a rate", () => {
  const statuses = async (seed: number) => {
    const atlas = await createAtlasMock({ faultRate: 0.5, faults: ["status=503"], faultSeed: seed });
    const seen: number[] = [];
    for (let i = 0; i < 40; i++)
      seen.push((await atlas.fetch(`http://mock${API_KEYS_PATH}`, { method: "POST" })).status);
    return seen;
  };

  it("draws about the rate, and the same seed gives the same sequence", async () => {
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    const faulted = first.filter((s) => s === 503).length;
    expect(faulted).toBeGreaterThan(8);
    expect(faulted).toBeLessThan(32);
    expect(first.filter((s) => s === 401).length).toBe(40 - faulted);
  });

  it("refuses a rate without kinds, and a kind it does not know", async () => {
    await expect(createAtlasMock({ faultRate: 0.5 })).rejects.toThrow(RangeError);
    await expect(createAtlasMock({ faults: ["explode"] })).rejects.toThrow(/unknown fault/);
  });
});

describe("createAtlasMock (in-process)", () => {
  it("authenticates a service account's token and keeps its own state per instance", async () => {
    const one = await createAtlasMock();
    const two = await createAtlasMock();
    const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString("base64")}`;
    const tokenResponse = await one.fetch("http://mock/api/oauth/token", {
      method: "POST",
      headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const created = await one.fetch(`http://mock${API_KEYS_PATH}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ desc: "in-process", roles: ["ORG_MEMBER"] }),
    });
    expect(created.status).toBe(200);
    const listed = await one.fetch(`http://mock${API_KEYS_PATH}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await listed.json()) as { totalCount: number }).totalCount).toBe(1);
    // Another instance neither knows the token nor the key.
    const elsewhere = await two.fetch(`http://mock${API_KEYS_PATH}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.headers.get("www-authenticate")).toMatch(/^Digest /);
  });

  it("a reset rejects like the platform's fetch; a timeout waits for the signal", async () => {
    const atlas = await createAtlasMock();
    await expect(
      atlas.fetch(`http://mock${API_KEYS_PATH}`, { headers: { Prefer: "fault=reset" } }),
    ).rejects.toThrow(TypeError);
    const controller = new AbortController();
    const pending = atlas.fetch(`http://mock${API_KEYS_PATH}`, {
      headers: { Prefer: "fault=timeout" },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("gave up")), 100);
    await expect(pending).rejects.toThrow("gave up");
  });

  it("does not read the body of a request it refuses to authenticate", async () => {
    const atlas = await createAtlasMock({ bodyLimitBytes: 1024 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
      },
    });
    const response = await atlas.fetch(`http://mock${API_KEYS_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer x" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    // Unauthenticated: the body is not read at all.
    expect(response.status).toBe(401);
    expect(pulled).toBeLessThan(5);
  });
});

it("server: the listening socket answers again after a timeout fault's connection is closed", async () => {
  const url = await start({ requestTimeoutMs: 300 });
  const req = request(url + API_KEYS_PATH, { method: "POST", headers: { Prefer: "fault=timeout" } });
  const closed = new Promise((resolve) => req.once("close", resolve));
  req.on("error", () => {});
  req.end();
  await closed;
  const response = await fetch(url + API_KEYS_PATH, { method: "POST" });
  expect(response.status).toBe(401);
});
