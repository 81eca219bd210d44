/**
 * Nothing a server sends back can put a secret into an error: server-supplied text is redacted of
 * the private key, the client secret, their Basic form, any echoed Authorization value and the
 * access tokens before it reaches a message.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AtlasDigestError, AtlasTokenError, createAtlasAdminClient } from "../src/index.js";
import { json, recordingFetch } from "./helpers/recording-fetch.js";

const orgId = "5980cfc70b6d12029d82e3f6";
const clientId = "mdb_sa_id_0123456789abcdef";
const clientSecret = "mdb_sa_sk_s3cr3t-value";
const privateKey = "88e33af4-8d0c-4f5f-9a04-db2c132ca78d";
const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");

const everything = (error: unknown) =>
  [
    String(error),
    (error as Error).stack,
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ].join("\n");

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
    const shown = everything(error);
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
    const atlas = createAtlasAdminClient({ publicKey: "zmmrboas", privateKey, fetch: wire.fetch });
    const error = await atlas
      .GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasDigestError);
    expect(everything(error)).not.toContain(privateKey);
    expect(String(error)).toContain("[redacted]");
  });
});
