/** The private key and the Authorization header never show in messages, JSON or util.inspect. */
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  AtlasDigestError,
  AtlasNetworkError,
  AtlasParameterError,
  AtlasResponseError,
  AtlasTimeoutError,
  createAtlasAdminClient,
  createDigestFetch,
} from "../src/index.js";
import { startDigestServer } from "./helpers/digest-server.js";
import { CHALLENGE, startRawServer } from "./helpers/raw-server.js";
import { recordingFetch } from "./helpers/recording-fetch.js";

const orgId = "5980cfc70b6d12029d82e3f6";
const publicKey = "zmmrboas";
const privateKey = "PRIVATE-KEY-e4f1c2a9-7b3d-4c55-9e0f";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Every rendering of a value a program might log. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true })];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch (error) {
    out.push(String(error));
  }
  if (value instanceof Error) out.push(value.message, String(value.stack), String(value));
  return out;
}

function expectClean(value: unknown, authorizations: string[]) {
  for (const text of renderings(value)) {
    expect(text).not.toContain(privateKey);
    expect(text).not.toMatch(/Digest username=/);
    for (const authorization of authorizations) {
      expect(text).not.toContain(authorization);
      const response = /response="([0-9a-f]+)"/.exec(authorization)?.[1];
      if (response) expect(text).not.toContain(response);
    }
  }
}

describe("secrets", () => {
  it("the client and the Digest fetch do not show the key", () => {
    const atlas = createAtlasAdminClient({ publicKey, privateKey });
    const digestFetch = createDigestFetch({ publicKey, privateKey });
    expectClean(atlas, []);
    expectClean(digestFetch, []);
  });

  it("results of successful and failed calls hold neither the key nor the Authorization header", async () => {
    const server = await startDigestServer({ username: publicKey, password: privateKey });
    close = server.close;
    const good = createAtlasAdminClient({ publicKey, privateKey, baseUrl: server.baseUrl });
    const bad = createAtlasAdminClient({
      publicKey,
      privateKey: `${privateKey}-wrong`,
      baseUrl: server.baseUrl,
    });
    const ok = await good.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } });
    const denied = await bad.POST("/orgs/{orgId}/apiKeys", {
      params: { path: { orgId } },
      body: { desc: "x" },
    });
    expect(ok.response.status).toBe(200);
    expect(denied.response.status).toBe(401);
    const authorizations = server.requests.flatMap((r) => (r.authorization ? [r.authorization] : []));
    expect(authorizations).toHaveLength(2);
    expectClean(ok, authorizations);
    expectClean(denied, authorizations);
    expectClean(good, authorizations);
  });

  it("timeout and network errors on a signed request do not carry it", async () => {
    const server = await startRawServer((req, res, i) => {
      if (i === 0) {
        res.writeHead(401, { "WWW-Authenticate": CHALLENGE });
        res.end();
      } else if (req.headers["x-mode"] === "reset") req.socket.destroy();
    });
    close = server.close;
    const atlas = createAtlasAdminClient({ publicKey, privateKey, baseUrl: server.baseUrl, timeoutMs: 200 });
    const timeout = await atlas
      .POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } })
      .catch((e: unknown) => e);
    const network = await atlas
      .POST("/orgs/{orgId}/apiKeys", {
        params: { path: { orgId } },
        body: { desc: "x" },
        headers: { "x-mode": "reset" },
      })
      .catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(AtlasTimeoutError);
    expect(network).toBeInstanceOf(AtlasNetworkError);
    expectClean(timeout, []);
    expectClean(network, []);
  });

  it("an injected fetch that throws on the signed request: the error does not carry the request", async () => {
    const wire = recordingFetch((request) => {
      if (request.headers.has("Authorization")) throw new TypeError("socket hang up");
      return new Response(null, { status: 401, headers: { "WWW-Authenticate": CHALLENGE } });
    });
    const atlas = createAtlasAdminClient({ publicKey, privateKey, fetch: wire.fetch });
    const error = await atlas
      .POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasNetworkError);
    const authorization = wire.requests[1]?.headers.get("Authorization") ?? "";
    expect(authorization).toMatch(/^Digest /);
    expectClean(error, [authorization]);
  });

  it("digest, parameter and response errors are clean too", async () => {
    const errors: unknown[] = [];
    const unsupported = recordingFetch(
      () =>
        new Response(null, { status: 401, headers: { "WWW-Authenticate": 'Digest realm="r", nonce="n"' } }),
    );
    const garbage = recordingFetch((request) =>
      request.headers.has("Authorization")
        ? new Response("not json", { status: 200 })
        : new Response(null, { status: 401, headers: { "WWW-Authenticate": CHALLENGE } }),
    );
    for (const [fetch, id] of [
      [unsupported.fetch, orgId],
      [garbage.fetch, ".."],
      [garbage.fetch, orgId],
    ] as const) {
      const atlas = createAtlasAdminClient({ publicKey, privateKey, fetch });
      errors.push(
        await atlas
          .POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId: id } }, body: { desc: "x" } })
          .catch((e: unknown) => e),
      );
    }
    expect(errors[0]).toBeInstanceOf(AtlasDigestError);
    expect(errors[1]).toBeInstanceOf(AtlasParameterError);
    expect(errors[2]).toBeInstanceOf(AtlasResponseError);
    const authorizations = garbage.requests.flatMap((r) => r.headers.get("Authorization") ?? []);
    expect(authorizations).toHaveLength(1);
    for (const error of errors) expectClean(error, authorizations);
  });
});
