/**
 * The client as openapi-fetch's own: its deadline (default and cleared), the caller's signal as
 * user middleware sees it, and refusals that must not leak credentials. Injected fetch, no network.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AtlasDigestError,
  AtlasTimeoutError,
  createAtlasAdminClient,
  DEFAULT_TIMEOUT_MS,
} from "../src/index.js";
import { apiKey, credentials, fakeAtlas, orgId } from "./helpers/fake-atlas.js";
import { json } from "./helpers/recording-fetch.js";

afterEach(() => {
  vi.useRealTimers();
});

/** A transport that never answers; it rejects with the signal's reason when the call is aborted. */
const neverAnswers = (request: Request) =>
  new Promise<Response>((_, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });

/** A transport that never settles, whatever happens to the signal (a badly written one). */
const ignoresSignals = () => new Promise<Response>(() => {});

const createKey = (atlas: ReturnType<typeof createAtlasAdminClient>, init: { signal?: AbortSignal } = {}) =>
  atlas.POST("/orgs/{orgId}/apiKeys", { params: { path: { orgId } }, body: { desc: "x" }, ...init });

describe("deadline", () => {
  it("a client built without timeoutMs gives each call a DEFAULT_TIMEOUT_MS deadline", async () => {
    const timeout = vi.spyOn(AbortSignal, "timeout");
    try {
      const atlas = createAtlasAdminClient({
        ...credentials,
        fetch: fakeAtlas(() => json(200, apiKey)).fetch,
      });
      await createKey(atlas);
      expect(timeout).toHaveBeenCalledWith(DEFAULT_TIMEOUT_MS);
      expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    } finally {
      timeout.mockRestore();
    }
  });

  it("leaves no timer behind once a call has ended, answered or failed", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const ok = createAtlasAdminClient({ ...credentials, fetch: fakeAtlas(() => json(200, apiKey)).fetch });
    expect((await createKey(ok)).data).toEqual(apiKey);
    const failing = createAtlasAdminClient({
      ...credentials,
      fetch: () => Promise.reject(new Error("connection refused")),
    });
    await expect(createKey(failing)).rejects.toThrow();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("every wait honours the caller's abort", () => {
  it("a call waiting on another call's first Digest challenge rejects promptly on abort", async () => {
    const probes: Request[] = [];
    const atlas = createAtlasAdminClient({
      ...credentials,
      // the first, unsigned request gets no answer until its own signal ends it
      fetch: (request) => {
        probes.push(request);
        return neverAnswers(request);
      },
      timeoutMs: 10_000,
    });
    const firstCaller = new AbortController();
    const first = createKey(atlas, { signal: firstCaller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(probes).toHaveLength(1));
    const controller = new AbortController();
    const second = createKey(atlas, { signal: controller.signal });
    const reason = new Error("the second caller gave up");
    const started = Date.now();
    setTimeout(() => controller.abort(reason), 20);
    await expect(second).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(probes).toHaveLength(1);
    firstCaller.abort(new Error("done"));
    expect(await first).toMatchObject({ message: "done" });
  });
});

describe("openapi-fetch's middleware", () => {
  it("user middleware sees the caller's signal on the Request, and its abort ends the call", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: neverAnswers });
    const seen: AbortSignal[] = [];
    atlas.use({
      onRequest({ request }) {
        seen.push(request.signal);
      },
    });
    const controller = new AbortController();
    const call = createKey(atlas, { signal: controller.signal });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.aborted).toBe(false);
    const reason = new Error("the caller gave up");
    controller.abort(reason);
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[0]?.reason).toBe(reason);
    await expect(call).rejects.toBe(reason);
  });

  it("middleware sees openapi-fetch's default parseAs, not an internal override", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: fakeAtlas(() => json(200, apiKey)).fetch });
    const parseAs: string[] = [];
    atlas.use({
      onResponse({ options }) {
        parseAs.push(options.parseAs);
      },
    });
    await createKey(atlas);
    expect(parseAs).toEqual(["json"]);
  });
});

describe("a transport that ignores abort signals", () => {
  it("still lets the caller's abort end a call in flight", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: ignoresSignals });
    const controller = new AbortController();
    const call = createKey(atlas, { signal: controller.signal });
    const reason = new Error("the caller gave up mid-flight");
    setTimeout(() => controller.abort(reason), 20);
    await expect(call).rejects.toBe(reason);
  });

  it("still ends a call in flight at the deadline", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: ignoresSignals, timeoutMs: 50 });
    await expect(createKey(atlas)).rejects.toThrow(AtlasTimeoutError);
  });

  it("is not called once the caller has aborted, so the call still ends with the caller's reason", async () => {
    let calls = 0;
    const atlas = createAtlasAdminClient({
      ...credentials,
      fetch: () => {
        calls += 1;
        return ignoresSignals();
      },
    });
    const reason = new Error("aborted before sending");
    await expect(createKey(atlas, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(calls).toBe(0);
  });
});

describe("refusals keep credentials out of messages", () => {
  it("a public key that is not printable ASCII is refused when signing, without quoting either key", async () => {
    const publicKey = "pub\u0007key";
    const privateKey = "88e33af4-8d0c-4f5f-9a04-db2c132ca78d";
    const wire = fakeAtlas(() => json(200, apiKey));
    const atlas = createAtlasAdminClient({ publicKey, privateKey, fetch: wire.fetch });
    const error = await createKey(atlas).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasDigestError);
    const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(shown).toMatch(/printable ASCII/);
    expect(shown).not.toContain("pub\u0007key");
    expect(shown).not.toContain(privateKey);
    // the probe went out unsigned; nothing was signed with the refused key
    expect(wire.requests.filter((r) => r.headers.has("Authorization"))).toHaveLength(0);
  });

  it.each([
    ["a query string", "http://127.0.0.1:4010/?pretty=true"],
    ["a fragment", "http://127.0.0.1:4010/#top"],
  ])("baseUrl with %s is refused at creation, naming it", (part, baseUrl) => {
    expect(() => createAtlasAdminClient({ ...credentials, baseUrl })).toThrow(
      new TypeError(`createAtlasAdminClient: baseUrl must not have ${part}, got ${JSON.stringify(baseUrl)}`),
    );
  });
});

describe("URLs are checked however they are given", () => {
  const orgPath = { params: { path: { orgId } } };

  it.each([
    ["a query string", "http://127.0.0.1:4010?x=1", /baseUrl must not have a query string/],
    ["a fragment", "http://127.0.0.1:4010#f", /baseUrl must not have a fragment/],
    ["no scheme", "localhost:4010", /baseUrl must be an absolute http\(s\) URL/],
  ])("a per-call baseUrl with %s is refused before anything is sent", async (_, baseUrl, message) => {
    const wire = fakeAtlas(() => json(200, []));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    await expect(atlas.GET("/orgs/{orgId}/apiKeys", { ...orgPath, baseUrl })).rejects.toThrow(message);
    expect(wire.requests).toHaveLength(0);
  });

  it("a per-call baseUrl like the client's own is accepted", async () => {
    const wire = fakeAtlas(() => json(200, { results: [], links: [] }));
    const atlas = createAtlasAdminClient({ ...credentials, fetch: wire.fetch });
    const { response } = await atlas.GET("/orgs/{orgId}/apiKeys", {
      ...orgPath,
      baseUrl: "http://127.0.0.1:4010/x",
    });
    expect(response.status).toBe(200);
    expect(new URL(wire.requests[0]?.url ?? "").pathname).toBe(`/x/orgs/${orgId}/apiKeys`);
  });

  it.each([
    ["baseUrl", { baseUrl: "http://user:s3cr3t-pw@127.0.0.1:4010" }],
    ["tokenUrl", { clientId: "id", clientSecret: "s", tokenUrl: "http://user:s3cr3t-pw@127.0.0.1:4010/t" }],
  ])("a %s with a user name and password is refused at creation, without quoting it", (_, options) => {
    const create = () =>
      createAtlasAdminClient(
        ("clientId" in options ? options : { ...credentials, ...options }) as Parameters<
          typeof createAtlasAdminClient
        >[0],
      );
    expect(create).toThrow(/must not contain a user name or password/);
    expect(() => create()).not.toThrow(/s3cr3t-pw/);
  });

  it("a baseUrl without a scheme but with a password is refused without quoting it", () => {
    const create = () => createAtlasAdminClient({ ...credentials, baseUrl: "user:s3cr3t-pw@127.0.0.1:4010" });
    expect(create).toThrow(/baseUrl must be an absolute http\(s\) URL, got a value with user information/);
    expect(create).not.toThrow(/s3cr3t-pw/);
  });

  it("a per-call baseUrl with a password is refused without quoting it", async () => {
    const atlas = createAtlasAdminClient({ ...credentials, fetch: fakeAtlas(() => json(200, [])).fetch });
    const error = await atlas
      .GET("/orgs/{orgId}/apiKeys", { ...orgPath, baseUrl: "http://user:s3cr3t-pw@127.0.0.1:4010" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/user name or password/);
    expect(String(error)).not.toContain("s3cr3t-pw");
  });
});
