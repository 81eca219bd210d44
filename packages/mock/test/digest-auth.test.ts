import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAtlasMock, type RunningMock, startMock } from "../src/index.js";
import {
  API_KEYS_PATH,
  authorization,
  fetchChallenge,
  ORG_ID,
  PRIVATE_KEY,
  PUBLIC_KEY,
  readChallenge,
} from "./helpers/digest-client.js";

const ATLAS_CHALLENGE =
  /^Digest realm="MMS Public API", domain="", nonce="[0-9a-f]{32}", algorithm=MD5, qop="auth", stale=(true|false)$/;
const BODY = JSON.stringify({ roles: ["ORG_MEMBER"] });

let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ port: 0, host: "127.0.0.1", publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
});
afterAll(() => mock.close());

function post(authorizationHeader: string | undefined, path = API_KEYS_PATH): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (authorizationHeader !== undefined) headers.Authorization = authorizationHeader;
  return fetch(mock.url + path, { method: "POST", headers, body: BODY });
}

async function expectRefused(response: Response, stale = false): Promise<void> {
  expect(response.status).toBe(401);
  const { header, params } = readChallenge(response);
  expect(header).toMatch(ATLAS_CHALLENGE);
  expect(params.stale).toBe(String(stale));
  expect(await response.json()).toMatchObject({
    error: 401,
    errorCode: "UNAUTHORIZED",
    reason: "Unauthorized",
  });
}

describe("Digest challenge", () => {
  it("answers a request without credentials with Atlas's challenge and an ApiError body", async () => {
    const response = await post(undefined);
    expect(response.headers.get("content-type")).toBe("application/json");
    await expectRefused(response);
  });

  it("issues a fresh nonce with every challenge", async () => {
    const first = await fetchChallenge(mock.url);
    const second = await fetchChallenge(mock.url);
    expect(first.params.nonce).not.toBe(second.params.nonce);
  });

  it("refuses Basic credentials", async () => {
    await expectRefused(
      await post(`Basic ${Buffer.from(`${PUBLIC_KEY}:${PRIVATE_KEY}`).toString("base64")}`),
    );
  });
});

describe("Digest verification", () => {
  it("accepts a correct RFC 7616 response (MD5, qop=auth)", async () => {
    const { params } = await fetchChallenge(mock.url);
    const response = await post(
      authorization({ method: "POST", uri: API_KEYS_PATH, nonce: params.nonce as string }),
    );
    expect(response.status).toBe(200);
  });

  it("refuses a wrong private key", async () => {
    const { params } = await fetchChallenge(mock.url);
    const header = authorization({
      method: "POST",
      uri: API_KEYS_PATH,
      nonce: params.nonce as string,
      password: "x",
    });
    await expectRefused(await post(header));
  });

  it("refuses an unknown public key", async () => {
    const { params } = await fetchChallenge(mock.url);
    const header = authorization({
      method: "POST",
      uri: API_KEYS_PATH,
      nonce: params.nonce as string,
      username: "x",
    });
    await expectRefused(await post(header));
  });

  it("gives an unknown public key and a wrong private key the same 401 body", async () => {
    const refuse = async (input: { username?: string; password?: string }) => {
      const { params } = await fetchChallenge(mock.url);
      const response = await post(
        authorization({ method: "POST", uri: API_KEYS_PATH, nonce: params.nonce as string, ...input }),
      );
      expect(response.status).toBe(401);
      return response.json();
    };
    const unknownKey = await refuse({ username: "x" });
    const wrongDigest = await refuse({ password: "x" });
    expect(unknownKey).toEqual(wrongDigest);
    expect(unknownKey).toMatchObject({ detail: "You are not authorized for this resource." });
  });

  it("refuses credentials signed for another uri with 400 (RFC 7616 §3.4.6)", async () => {
    const { params } = await fetchChallenge(mock.url);
    const otherUri = `/orgs/${"0".repeat(24)}/apiKeys`;
    const response = await post(
      authorization({ method: "POST", uri: otherUri, nonce: params.nonce as string }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 400, errorCode: "MALFORMED_REQUEST" });
  });

  it("refuses a uri parameter edited after signing", async () => {
    const { params } = await fetchChallenge(mock.url);
    const signed = authorization({
      method: "POST",
      uri: `/orgs/${"0".repeat(24)}/apiKeys`,
      nonce: params.nonce as string,
    });
    await expectRefused(await post(signed.replace(/uri="[^"]*"/, `uri="${API_KEYS_PATH}"`)));
  });

  it("refuses a signature for another method", async () => {
    const { params } = await fetchChallenge(mock.url);
    await expectRefused(
      await post(authorization({ method: "GET", uri: API_KEYS_PATH, nonce: params.nonce as string })),
    );
  });

  it("refuses a nonce it never issued when the digest is wrong (stale=false)", async () => {
    const header = authorization({
      method: "POST",
      uri: API_KEYS_PATH,
      nonce: "f".repeat(32),
      password: "x",
    });
    await expectRefused(await post(header));
  });

  it("refuses a replayed nc for the same nonce", async () => {
    const { params } = await fetchChallenge(mock.url);
    const header = authorization({
      method: "POST",
      uri: API_KEYS_PATH,
      nonce: params.nonce as string,
      nc: 1,
    });
    expect((await post(header)).status).toBe(200);
    await expectRefused(await post(header));
  });

  it("accepts increasing and out-of-order counters on one nonce, one round trip each", async () => {
    const { params } = await fetchChallenge(mock.url);
    const nonce = params.nonce as string;
    for (const nc of [1, 2, 4, 3]) {
      const response = await post(authorization({ method: "POST", uri: API_KEYS_PATH, nonce, nc }));
      expect(response.status, `nc=${nc}`).toBe(200);
    }
    await expectRefused(await post(authorization({ method: "POST", uri: API_KEYS_PATH, nonce, nc: 3 })));
  });

  it("serves concurrent requests signed with one nonce", async () => {
    const { params } = await fetchChallenge(mock.url);
    const nonce = params.nonce as string;
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        post(authorization({ method: "POST", uri: API_KEYS_PATH, nonce, nc: i + 1 })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(16).fill(200));
  });

  it("accepts the uri in absolute form", async () => {
    const { params } = await fetchChallenge(mock.url);
    const uri = `${mock.url}/orgs/${ORG_ID}/apiKeys`;
    expect((await post(authorization({ method: "POST", uri, nonce: params.nonce as string }))).status).toBe(
      200,
    );
  });

  it("refuses with 400 a uri in absolute form naming another host, port or scheme", async () => {
    const { params } = await fetchChallenge(mock.url);
    const { port } = new URL(mock.url);
    const others = [
      `http://other-host${API_KEYS_PATH}`,
      `http://other-host:${port}${API_KEYS_PATH}`,
      `http://127.0.0.1:${Number(port) === 65535 ? 1 : Number(port) + 1}${API_KEYS_PATH}`,
      `https://127.0.0.1:${port}${API_KEYS_PATH}`,
    ];
    for (const [index, uri] of others.entries()) {
      const nonce = params.nonce as string;
      const response = await post(authorization({ method: "POST", uri, nonce, nc: index + 1 }));
      expect(response.status, uri).toBe(400);
      expect(await response.json()).toMatchObject({ error: 400, errorCode: "MALFORMED_REQUEST" });
    }
  });
});

describe("Digest in-process (createAtlasMock)", () => {
  it("takes the uri in absolute form when it names the origin fetched, and only then", async () => {
    const atlas = await createAtlasMock({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
    try {
      const url = `http://mock.example${API_KEYS_PATH}`;
      const challenge = await atlas.fetch(url);
      await challenge.arrayBuffer();
      const nonce = readChallenge(challenge).params.nonce as string;
      const send = (uri: string, nc: number) =>
        atlas.fetch(url, { headers: { Authorization: authorization({ method: "GET", uri, nonce, nc }) } });
      expect((await send(url, 1)).status).toBe(200);
      expect((await send(`http://other-host${API_KEYS_PATH}`, 2)).status).toBe(400);
    } finally {
      await atlas.close();
    }
  });
});

describe("nonce expiry", () => {
  let shortLived: RunningMock;
  beforeAll(async () => {
    shortLived = await startMock({
      port: 0,
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      nonceTtlMs: 150,
    });
  });
  afterAll(() => shortLived.close());

  it("answers a nonce it never issued, with a right digest, with stale=true", async () => {
    const header = authorization({ method: "POST", uri: API_KEYS_PATH, nonce: "f".repeat(32) });
    await expectRefused(await post(header), true);
  });

  it("answers an expired nonce with stale=true and a fresh nonce that works", async () => {
    const { params } = await fetchChallenge(shortLived.url);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const headers = { "Content-Type": "application/json" };
    const sign = (nonce: string) => authorization({ method: "POST", uri: API_KEYS_PATH, nonce });
    const stale = await fetch(shortLived.url + API_KEYS_PATH, {
      method: "POST",
      headers: { ...headers, Authorization: sign(params.nonce as string) },
      body: BODY,
    });
    await expectRefused(stale, true);
    const fresh = readChallenge(stale).params.nonce as string;
    expect(fresh).not.toBe(params.nonce);
    const retried = await fetch(shortLived.url + API_KEYS_PATH, {
      method: "POST",
      headers: { ...headers, Authorization: sign(fresh) },
      body: BODY,
    });
    expect(retried.status).toBe(200);
  });

  it("does not call a wrong digest with an expired nonce stale", async () => {
    const { params } = await fetchChallenge(shortLived.url);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const header = authorization({
      method: "POST",
      uri: API_KEYS_PATH,
      nonce: params.nonce as string,
      password: "x",
    });
    const response = await fetch(shortLived.url + API_KEYS_PATH, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: header },
      body: BODY,
    });
    await expectRefused(response, false);
  });
});
