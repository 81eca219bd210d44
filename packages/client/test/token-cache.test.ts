/**
 * The `tokenCache` option and fileTokenCache, against the mock in-process: the file's format and
 * permissions, a token shared by two clients as by two processes, a refused token leaving the
 * cache, revocation, and the key (origin and client id, never the secret).
 */
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AtlasMock,
  DEFAULT_CLIENT_ID as clientId,
  DEFAULT_CLIENT_SECRET as clientSecret,
  createAtlasMock,
} from "@atlas-admin/mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createAtlasAdminClient,
  FILE_LOCK_STALE_MS,
  fileTokenCache,
  type StoredToken,
  type TokenCache,
} from "../src/index.js";

const baseUrl = "http://atlas.test";
const key = `${baseUrl} ${clientId}`;
const orgId = "5980cfc70b6d12029d82e3f6";

let mock: AtlasMock;
let folder: string;
let tokenRequests: number;
const fetch = (request: Request) => {
  if (new URL(request.url).pathname === "/api/oauth/token") tokenRequests += 1;
  return mock.fetch(request);
};
beforeEach(async () => {
  mock = await createAtlasMock({ seed: 1 });
  folder = await mkdtemp(join(tmpdir(), "atlas-token-cache-"));
  tokenRequests = 0;
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const client = (tokenCache: TokenCache) =>
  createAtlasAdminClient({ baseUrl, clientId, clientSecret, fetch, tokenCache });
const list = (atlas: ReturnType<typeof client>) =>
  atlas.GET("/orgs/{orgId}/apiKeys", { params: { path: { orgId } } });

describe("fileTokenCache", () => {
  it("writes one JSON file, mode 0600, keyed by origin and client id, without the secret", async () => {
    const path = join(folder, "nested", "tokens.json");
    const before = Date.now();
    const { response } = await list(client(fileTokenCache(path)));
    expect(response.status).toBe(200);
    const text = await readFile(path, "utf8");
    const file = JSON.parse(text) as { version: number; tokens: Record<string, StoredToken> };
    expect(file.version).toBe(1);
    expect(Object.keys(file.tokens)).toEqual([key]);
    expect(file.tokens[key]?.accessToken).toEqual(expect.any(String));
    expect(file.tokens[key]?.expiresAt).toBeGreaterThan(before + 3500_000);
    expect(text).not.toContain(clientSecret);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(folder, "nested"))).mode & 0o777).toBe(0o700);
  });

  it("a second client on the same file (another process) uses the stored token", async () => {
    const path = join(folder, "tokens.json");
    await list(client(fileTokenCache(path)));
    const { response } = await list(client(fileTokenCache(path)));
    expect(response.status).toBe(200);
    expect(tokenRequests).toBe(1);
  });

  it("a stored token the API refuses is removed, replaced and the new one stored", async () => {
    const path = join(folder, "tokens.json");
    const stale = { accessToken: "revoked-elsewhere-0123456789", expiresAt: Date.now() + 3600_000 };
    await writeFile(path, JSON.stringify({ version: 1, tokens: { [key]: stale } }), { mode: 0o600 });
    const { response } = await list(client(fileTokenCache(path)));
    expect(response.status).toBe(200);
    expect(tokenRequests).toBe(1);
    const stored = JSON.parse(await readFile(path, "utf8")).tokens[key] as StoredToken;
    expect(stored.accessToken).not.toBe(stale.accessToken);
  });

  it("an expired entry is not used; a file that is not JSON is an empty cache", async () => {
    const path = join(folder, "tokens.json");
    const expired = { accessToken: "expired-0123456789", expiresAt: Date.now() - 1 };
    await writeFile(path, JSON.stringify({ version: 1, tokens: { [key]: expired } }));
    await list(client(fileTokenCache(path)));
    await writeFile(path, "{not json");
    await list(client(fileTokenCache(path)));
    expect(tokenRequests).toBe(2);
  });

  it("revokeToken() removes the token from the cache", async () => {
    const path = join(folder, "tokens.json");
    const atlas = client(fileTokenCache(path));
    await list(atlas);
    await atlas.revokeToken();
    expect(JSON.parse(await readFile(path, "utf8")).tokens).toEqual({});
  });

  it("a get waits while another holder's lock is fresh, and reads the token it writes", async () => {
    const path = join(folder, "tokens.json");
    await writeFile(`${path}.lock`, "", { mode: 0o600 });
    const token = { accessToken: "minted-elsewhere-0123456789", expiresAt: Date.now() + 3600_000 };
    setTimeout(async () => {
      await writeFile(path, JSON.stringify({ version: 1, tokens: { [key]: token } }), { mode: 0o600 });
      await rm(`${path}.lock`);
    }, 300);
    const started = Date.now();
    expect(await fileTokenCache(path).get(key)).toEqual(token);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it(`a lock older than FILE_LOCK_STALE_MS (${FILE_LOCK_STALE_MS} ms) is taken over at once`, async () => {
    const path = join(folder, "tokens.json");
    await writeFile(`${path}.lock`, "", { mode: 0o600 });
    const old = new Date(Date.now() - FILE_LOCK_STALE_MS - 1000);
    await utimes(`${path}.lock`, old, old);
    const cache = fileTokenCache(path);
    const started = Date.now();
    expect(await cache.get(key)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(FILE_LOCK_STALE_MS);
    // The taker holds the lock until its set: a second cache waits for that token.
    const token = { accessToken: "minted-by-the-taker-0123456789", expiresAt: Date.now() + 3600_000 };
    const waiting = fileTokenCache(path).get(key);
    await cache.set(key, token);
    expect(await waiting).toEqual(token);
  });

  it("a path that is not a non-empty string is a TypeError", () => {
    expect(() => fileTokenCache("")).toThrow(TypeError);
  });
});

describe("the tokenCache option", () => {
  it("any object with get, set and delete: called with the origin and client id as key", async () => {
    const calls: string[] = [];
    const map = new Map<string, StoredToken>();
    const cache: TokenCache = {
      async get(k) {
        calls.push(`get ${k}`);
        return map.get(k);
      },
      async set(k, token) {
        calls.push(`set ${k}`);
        map.set(k, token);
      },
      async delete(k) {
        calls.push(`delete ${k}`);
        map.delete(k);
      },
    };
    await list(client(cache));
    await list(client(cache));
    expect(calls).toEqual([`get ${key}`, `set ${key}`, `get ${key}`]);
    expect(JSON.stringify([...map])).not.toContain(clientSecret);
    expect(tokenRequests).toBe(1);
  });

  it("a cache whose get fails fails the call with an AtlasError naming the cache", async () => {
    const cache: TokenCache = {
      get: () => Promise.reject(new Error("EACCES: permission denied")),
      set: async () => {},
      delete: async () => {},
    };
    await expect(list(client(cache))).rejects.toThrow(/token cache's get failed: Error: EACCES/);
  });

  it("is refused with an API key, and without get, set and delete", () => {
    const cache = fileTokenCache(join(folder, "t.json"));
    expect(() =>
      // @ts-expect-error a token cache goes with a service account
      createAtlasAdminClient({ publicKey: "p", privateKey: "k", tokenCache: cache }),
    ).toThrow(/tokenCache go with clientId and clientSecret/);
    expect(() =>
      createAtlasAdminClient({
        clientId,
        clientSecret,
        // @ts-expect-error not a TokenCache
        tokenCache: { get: async () => undefined },
      }),
    ).toThrow(
      new TypeError(
        "createAtlasAdminClient: tokenCache must be an object with get, set and delete methods, got object",
      ),
    );
  });
});
