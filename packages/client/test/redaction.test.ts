/**
 * No secret shows: not in the client, its results, errors, JSON or util.inspect, and not in
 * anything a server sends back (redacted of the private key, the client secret, their Basic
 * form, an echoed Authorization value and the access tokens before it reaches a message).
 */
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  AtlasDigestError,
  AtlasNetworkError,
  AtlasParameterError,
  AtlasResponseError,
  AtlasTimeoutError,
  AtlasTokenError,
  createAtlasAdminClient,
  createDigestFetch,
} from "../src/index.js";
import { startDigestServer } from "./helpers/digest-server.js";
import { apiKey, fakeAtlas, orgId } from "./helpers/fake-atlas.js";
import { clientId, clientSecret, startServiceAccount } from "./helpers/oauth-server.js";
import { CHALLENGE, startRawServer } from "./helpers/raw-server.js";
import { json, recordingFetch } from "./helpers/recording-fetch.js";
import { expectClean, renderings } from "./helpers/secrets.js";

const publicKey = "zmmrboas";
/** A private key that stands out wherever it might leak. */
const privateKey = "PRIVATE-KEY-e4f1c2a9-7b3d-4c55-9e0f";
const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("secrets", () => {
  it("the client and the Digest fetch do not show the key", () => {
    const atlas = createAtlasAdminClient({ publicKey, privateKey });
    const digestFetch = createDigestFetch({ publicKey, privateKey });
    expectClean(atlas, privateKey, []);
    expectClean(digestFetch, privateKey, []);
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
    expectClean(ok, privateKey, authorizations);
    expectClean(denied, privateKey, authorizations);
    expectClean(good, privateKey, authorizations);
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
    expectClean(timeout, privateKey, []);
    expectClean(network, privateKey, []);
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
    expectClean(error, privateKey, [authorization]);
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
    for (const error of errors) expectClean(error, privateKey, authorizations);
  });

  it("the client secret and the token appear in no error, JSON or inspection", async () => {
    const { server, atlas } = await startServiceAccount();
    close = server.close;
    await atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } });
    const token = server.apiRequests()[0]?.authorization?.replace("Bearer ", "") ?? "";
    expect(token).not.toBe("");
    server.scriptTokenAnswers({
      status: 403,
      body: { error: "access_denied", error_description: "Access Token limit reached." },
    });
    server.forgetTokens();
    const error = await atlas
      .POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasTokenError);
    const seen = [
      String(error),
      (error as Error).stack,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      inspect(atlas, { depth: 10, showHidden: true }),
      JSON.stringify(atlas),
    ].join("\n");
    expect(seen).not.toContain(clientSecret);
    expect(seen).not.toContain(token);
    expect(seen).not.toContain(Buffer.from(`${clientId}:${clientSecret}`).toString("base64"));
  });
});

describe("server text is redacted of the client's secrets", () => {
  it("a token endpoint echoing the request's Authorization (and the decoded secret) into its error body", async () => {
    const wire = recordingFetch((request) => {
      const authorization = request.headers.get("Authorization") ?? "";
      const decoded = Buffer.from(authorization.replace("Basic ", ""), "base64").toString();
      return json(400, {
        error: "invalid_request",
        error_description: `bad request with Authorization: ${authorization} (${decoded}, ${encodeURIComponent(clientSecret)})`,
      });
    });
    const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch: wire.fetch, retry: false });
    const error = await atlas
      .GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasTokenError);
    const shown = renderings(error).join("\n");
    expect(shown).toContain("invalid_request");
    expect(shown).toContain("[redacted]");
    expect(shown).not.toContain(basic);
    expect(shown).not.toContain(clientSecret);
  });

  it("an API error body echoing the Bearer token is redacted in `detail`", async () => {
    const wire = recordingFetch((request) =>
      request.url.endsWith("/api/oauth/token")
        ? json(200, {
            access_token: "eyJhbGciOiJFUzUxMiJ9.token-value",
            token_type: "Bearer",
            expires_in: 3600,
          })
        : new Response(
            `<html>proxy saw ${request.headers.get("Authorization")} and the token eyJhbGciOiJFUzUxMiJ9.token-value</html>`,
            {
              status: 502,
            },
          ),
    );
    const atlas = createAtlasAdminClient({ clientId, clientSecret, fetch: wire.fetch, retry: false });
    const { error } = await atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });
    expect(error?.detail).toContain("[redacted]");
    expect(error?.detail).not.toContain("eyJhbGciOiJFUzUxMiJ9.token-value");
  });

  it("a Digest challenge echoing the private key cannot put it into AtlasDigestError", async () => {
    const wire = recordingFetch(() =>
      json(
        401,
        { error: 401, errorCode: "UNAUTHORIZED" },
        {
          "WWW-Authenticate": `Digest realm="x", nonce="n", qop="auth", algorithm=${privateKey}`,
        },
      ),
    );
    const atlas = createAtlasAdminClient({ publicKey, privateKey, fetch: wire.fetch });
    const error = await atlas
      .GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasDigestError);
    expect(renderings(error).join("\n")).not.toContain(privateKey);
    expect(String(error)).toContain("[redacted]");
  });
});

describe("refusals keep credentials out of messages", () => {
  it("a public key that is not printable ASCII is refused when signing, without quoting either key", async () => {
    const publicKey = "pub\u0007key";
    const wire = fakeAtlas(() => json(200, apiKey));
    const atlas = createAtlasAdminClient({ publicKey, privateKey, fetch: wire.fetch });
    const error = await atlas
      .POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasDigestError);
    const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(shown).toMatch(/printable ASCII/);
    expect(shown).not.toContain("pub\u0007key");
    expect(shown).not.toContain(privateKey);
    // the probe went out unsigned; nothing was signed with the refused key
    expect(wire.requests.filter((r) => r.headers.has("Authorization"))).toHaveLength(0);
  });
});
