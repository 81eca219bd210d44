/**
 * Secret-safe logging: one line per attempt (method, path, status, attempt, ms, what happened, the
 * server's request id), a line per 429 wait and per replaced token; never the Authorization
 * value, a key, the client secret, a token, or anything from a body (a new key's privateKey).
 */
import { describe, expect, it } from "vitest";
import { AtlasNetworkError, createAtlasAdminClient, type Logger } from "../src/index.js";
import { apiKey, credentials, fakeAtlas, orgId } from "./helpers/fake-atlas.js";
import { json, recordingFetch } from "./helpers/recording-fetch.js";

function capture() {
  const lines: { level: string; message: string }[] = [];
  const logger: Logger = {
    debug: (message) => lines.push({ level: "debug", message }),
    info: (message) => lines.push({ level: "info", message }),
    warn: (message) => lines.push({ level: "warn", message }),
    error: (message) => lines.push({ level: "error", message }),
  };
  return { lines, logger, text: () => lines.map((l) => `${l.level} ${l.message}`).join("\n") };
}

const createKey = (atlas: ReturnType<typeof createAtlasAdminClient>) =>
  atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" } });

describe("logging", () => {
  it("one line per attempt: method, path, status, attempt, ms, the challenge and the request id", async () => {
    const wire = fakeAtlas(() => json(200, apiKey, { "X-Request-Id": "req-42" }));
    const log = capture();
    const atlas = createAtlasAdminClient({
      ...credentials,
      fetch: wire.fetch,
      logger: log.logger,
      logLevel: "debug",
    });
    await createKey(atlas);
    const path = `/api/atlas/v1.0/orgs/${orgId}/apiKeys`;
    expect(log.lines).toEqual([
      {
        level: "debug",
        message: expect.stringMatching(
          new RegExp(`^atlas-admin: POST ${path} attempt 1 → 401 in \\d+ ms: digest challenge$`),
        ),
      },
      {
        level: "debug",
        message: expect.stringMatching(
          new RegExp(`^atlas-admin: POST ${path} attempt 2 → 200 in \\d+ ms \\(request id req-42\\)$`),
        ),
      },
    ]);
  });

  it("never logs the Authorization value, the keys, or a body's privateKey", async () => {
    const wire = fakeAtlas(() => json(200, apiKey, { "X-Request-Id": `echo ${credentials.privateKey}` }));
    const log = capture();
    const atlas = createAtlasAdminClient({
      ...credentials,
      fetch: wire.fetch,
      logger: log.logger,
      logLevel: "debug",
    });
    await createKey(atlas);
    await createKey(atlas);
    const signed = wire.requests.map((r) => r.headers.get("Authorization")).filter((a) => a !== null);
    expect(signed.length).toBeGreaterThan(0);
    const text = log.text();
    expect(text).not.toContain(credentials.privateKey);
    expect(text).not.toContain(apiKey.privateKey);
    for (const authorization of signed) expect(text).not.toContain(authorization);
    expect(text).not.toMatch(/response="/);
  });

  it("a service account: the refused token and its replacement are logged, never a token or the secret", async () => {
    let issued = 0;
    let refuseFirst = true;
    const wire = recordingFetch((request) => {
      if (request.url.endsWith("/api/oauth/token")) {
        issued += 1;
        return json(200, { access_token: `token-number-${issued}`, token_type: "Bearer", expires_in: 3600 });
      }
      if (request.url.endsWith("/api/oauth/revoke")) return new Response(null, { status: 200 });
      const secondCall = wire.requests.filter((r) => r.url.includes("/apiKeys")).length === 2;
      if (secondCall && refuseFirst) {
        refuseFirst = false;
        return json(401, { error: 401, errorCode: "UNAUTHORIZED" });
      }
      return json(200, apiKey);
    });
    const log = capture();
    const clientSecret = "mdb_sa_sk_never-logged";
    const atlas = createAtlasAdminClient({
      clientId: "mdb_sa_id_x",
      clientSecret,
      fetch: wire.fetch,
      logger: log.logger,
      logLevel: "debug",
    });
    await createKey(atlas);
    await createKey(atlas);
    const text = log.text();
    expect(text).toMatch(/attempt 1 → 401 in \d+ ms: refused/);
    expect(text).toMatch(/info atlas-admin: POST \S+: access token refused; sending again with a new one/);
    expect(text).toMatch(/attempt 2 → 200/);
    expect(text).not.toContain("token-number-");
    expect(text).not.toContain(clientSecret);
  });

  it("a 429 wait is logged at info", async () => {
    let first = true;
    const wire = fakeAtlas(() => {
      if (!first) return json(200, apiKey);
      first = false;
      return json(429, { error: 429, errorCode: "RATE_LIMITED" }, { "Retry-After": "0" });
    });
    const log = capture();
    const atlas = createAtlasAdminClient({
      ...credentials,
      fetch: wire.fetch,
      logger: log.logger,
      logLevel: "info",
    });
    await createKey(atlas);
    expect(log.lines).toEqual([
      { level: "info", message: expect.stringMatching(/: 429, waiting 0 ms before attempt 2$/) },
    ]);
  });

  it("a failed call is logged at warn with the error, redacted", async () => {
    const log = capture();
    const atlas = createAtlasAdminClient({
      ...credentials,
      fetch: () => Promise.reject(new Error(`socket closed after ${credentials.privateKey}`)),
      logger: log.logger,
      logLevel: "warn",
    });
    await expect(createKey(atlas)).rejects.toThrow(AtlasNetworkError);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]?.level).toBe("warn");
    expect(log.lines[0]?.message).toMatch(/failed after 1 attempt\(s\) in \d+ ms: AtlasNetworkError/);
    expect(log.text()).not.toContain(credentials.privateKey);
  });

  it("is off by default, even with a logger", async () => {
    const log = capture();
    const atlas = createAtlasAdminClient({
      ...credentials,
      fetch: fakeAtlas(() => json(200, apiKey)).fetch,
      logger: log.logger,
    });
    await createKey(atlas);
    expect(log.lines).toEqual([]);
  });
});
