/** The options of the mock (`startMock`, `createAtlasMock`, the CLI) and the pipeline they build. */
import { randomInt } from "node:crypto";
import { DigestVerifier } from "@atlas-admin/digest/server";
import { parseFault } from "./atlas/faults.js";
import { readLifecycle } from "./atlas/lifecycle.js";
import { seededRandom } from "./atlas/mock-values.js";
import { createRateLimiter } from "./atlas/rate-limits.js";
import * as defaults from "./defaults.js";
import { TokenIssuer } from "./oauth/token-issuer.js";
import { createFindingsReport } from "./pipeline/findings-report.js";
import { createPipeline, type Pipeline } from "./pipeline/pipeline.js";
import { createProxyPipeline } from "./pipeline/proxy.js";
import { loadSpec } from "./prism/load-operations.js";
import type { LogLevel } from "./prism/logger.js";
import type { PrismLogger } from "./prism/types.js";

export interface MockOptions {
  /** TCP port; 0 picks a free one. Default 4010. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** The one accepted Digest username. Default `mockpublic`. */
  readonly publicKey?: string;
  /** Its password. Default `00000000-0000-4000-8000-000000000000`. */
  readonly privateKey?: string;
  /** OpenAPI document to serve. Default: `@atlas-admin/spec/openapi.json`. */
  readonly specPath?: string;
  /** Prism's and the mock's log level. Default `silent`. */
  readonly logLevel?: LogLevel;
  /** How long a nonce is accepted before the answer is `stale=true`. Default 5 minutes. */
  readonly nonceTtlMs?: number;
  /** Digest realm. Default Atlas's `MMS Public API`. */
  readonly realm?: string;
  /** Generate bodies from the schemas unless `Prefer: dynamic=false`. Default false (examples). */
  readonly dynamic?: boolean;
  /** Larger request bodies get 413. Default 1 MiB. */
  readonly bodyLimitBytes?: number;
  /** A request body not received in full within this time gets 408. Default 10 seconds. */
  readonly bodyTimeoutMs?: number;
  /**
   * Seed of the values in bodies built from the request (`id`, keys, link-tokens): the same seed
   * and the same requests give the same bodies. Default: a different sequence on every start.
   */
  readonly seed?: number;
  /** The service account's client id. Default `mdb_sa_id_000000000000000000000000`. */
  readonly clientId?: string;
  /** Its client secret. Default `mdb_sa_sk_00000000000000000000000000000000`. */
  readonly clientSecret?: string;
  /** Lifetime of an access token in seconds. Default 3600, as Atlas. */
  readonly tokenLifetimeSeconds?: number;
  /** Token requests allowed per minute per client; more get 429. Default 10, as Atlas. */
  readonly tokenRateLimit?: number;
  /** Active tokens allowed at once; more get 403 `access_denied`. Default 100, as Atlas. */
  readonly maxActiveTokens?: number;
  /** Connections open at once; more are closed as they arrive. Default 1,024. */
  readonly maxConnections?: number;
  /** A connection's request head must arrive within this many ms (else 408 and close). Default 10,000. */
  readonly headersTimeoutMs?: number;
  /** A whole request (head and body) must arrive within this many ms. Default 30,000. */
  readonly requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this many ms. Default 5,000. */
  readonly keepAliveTimeoutMs?: number;
  /** On close (and SIGTERM/SIGINT from the CLI), requests in flight get this many ms to finish. Default 5,000. */
  readonly shutdownGraceMs?: number;
  /** Digest nonces remembered at once, oldest forgotten first. Default 10,000. */
  readonly maxNonces?: number;
  /** Created resources kept per list (per organization), oldest forgotten first. Default 10,000. */
  readonly maxCreatedPerList?: number;
  /** Created resources kept in all, oldest forgotten first. Default 50,000. */
  readonly maxCreated?: number;
  /** Share of requests (0 to 1) that get one of `faults`. Default 0. */
  readonly faultRate?: number;
  /** Fault kinds drawn at `faultRate`: `status=429|500|503`, `latency=<ms>`, `reset`, `timeout`. */
  readonly faults?: readonly string[];
  /**
   * Validating proxy: forward every request to this origin (`https://cloud.mongodb.com`) instead
   * of mocking it, and report where the exchange breaks the spec. An origin only: the request
   * target is forwarded unchanged, so that a Digest signature made for it verifies upstream.
   */
  readonly upstream?: string;
  /**
   * The proxy's findings, one JSON line per exchange, appended to this file (a relative path is
   * resolved against `INIT_CWD`, else the current directory). Default: stdout only.
   */
  readonly report?: string;
  /** Seconds between the proxy's summary lines on stdout; 0: only on close. Default 60. */
  readonly summaryIntervalSeconds?: number;
  /** The proxy's deadline for an upstream answer, in ms. Default 30,000. */
  readonly upstreamTimeoutMs?: number;
  /** Largest upstream answer the proxy passes on, in bytes. Default 16 MiB. */
  readonly upstreamLimitBytes?: number;
  /** Atlas's rate limits (the spec's `x-atlas-rate-limit` per endpoint group). Default true. */
  readonly rateLimits?: boolean;
  /** Multiplies every rate limit's capacity and refill (10 for load tests). Default 1. */
  readonly rateLimitScale?: number;
  /** Seed of the faults drawn at a rate: the same seed and requests give the same faults. Default: new per start. */
  readonly faultSeed?: number;
  /**
   * Origins whose pages may call the mock (CORS, src/http/cors.ts): exact origins, `*`, `null`
   * (pages opened from disk) or `loopback` (localhost, 127.0.0.0/8, [::1], any port). The mock's
   * own origin is always allowed. Default `["loopback"]`. Server only.
   */
  readonly allowedOrigins?: readonly string[];
  /** An HTML file served at `/` and `/docs` (the API reference page with its try-it panel). Server only. */
  readonly docsPage?: string;
}

/** Checks the options and builds what the pipeline runs on. */
export async function createMockPipeline(options: MockOptions, prismLogger: PrismLogger): Promise<Pipeline> {
  const nonceTtlMs = options.nonceTtlMs ?? defaults.DEFAULT_NONCE_TTL_MS;
  const publicKey = options.publicKey ?? defaults.DEFAULT_PUBLIC_KEY;
  const privateKey = options.privateKey ?? defaults.DEFAULT_PRIVATE_KEY;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? defaults.DEFAULT_BODY_TIMEOUT_MS;
  if (!(nonceTtlMs > 0)) throw new RangeError(`Invalid nonce lifetime: ${nonceTtlMs} ms`);
  if (!(bodyTimeoutMs > 0)) throw new RangeError(`Invalid body timeout: ${bodyTimeoutMs} ms`);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new RangeError(`Invalid seed: ${options.seed}`);
  if (publicKey === "" || privateKey === "")
    throw new RangeError("The public and private keys must not be empty.");
  const clientId = options.clientId ?? defaults.DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? defaults.DEFAULT_CLIENT_SECRET;
  if (clientId === "" || clientSecret === "")
    throw new RangeError("The client id and secret must not be empty.");
  const lifetimeSeconds = positive(
    "tokenLifetimeSeconds",
    options.tokenLifetimeSeconds ?? defaults.DEFAULT_TOKEN_LIFETIME_SECONDS,
  );
  const rateLimit = positive("tokenRateLimit", options.tokenRateLimit ?? defaults.DEFAULT_TOKEN_RATE_LIMIT);
  const maxActiveTokens = positive(
    "maxActiveTokens",
    options.maxActiveTokens ?? defaults.DEFAULT_MAX_ACTIVE_TOKENS,
  );

  const { operations, document } = await loadSpec(options.specPath);
  if (options.upstream !== undefined) {
    return createProxyPipeline({
      operations,
      upstream: upstreamOrigin(options.upstream),
      report: createFindingsReport(options.report, (line) => process.stdout.write(`${line}\n`), {
        summaryIntervalSeconds: options.summaryIntervalSeconds,
      }),
      bodyLimitBytes: positive("bodyLimitBytes", options.bodyLimitBytes ?? defaults.DEFAULT_BODY_LIMIT_BYTES),
      bodyTimeoutMs,
      upstreamLimitBytes: positive("upstreamLimitBytes", options.upstreamLimitBytes ?? 16 * 1024 * 1024),
      upstreamTimeoutMs: positive("upstreamTimeoutMs", options.upstreamTimeoutMs ?? 30_000),
    });
  }
  const faults = (options.faults ?? []).map((text) => {
    const fault = parseFault(text);
    if (fault instanceof Error) throw new RangeError(`Invalid fault: ${fault.message}`);
    return fault;
  });
  return createPipeline({
    prismLogger,
    faults: { rate: options.faultRate ?? 0, faults },
    faultRandom: seededRandom(options.faultSeed ?? randomInt(2 ** 32)),
    operations,
    lifecycle: readLifecycle(document, operations),
    rateLimiter: createRateLimiter(document, { enabled: options.rateLimits, scale: options.rateLimitScale }),
    verifier: new DigestVerifier({
      realm: options.realm ?? defaults.DEFAULT_REALM,
      username: publicKey,
      password: privateKey,
      nonceTtlMs,
      maxNonces: options.maxNonces,
    }),
    tokens: new TokenIssuer({
      clientId,
      clientSecret,
      lifetimeSeconds,
      rateLimit,
      rateWindowMs: 60_000,
      maxActiveTokens,
      issuer: "atlas-admin-mock",
    }),
    dynamic: options.dynamic ?? false,
    // Without --seed, a seed drawn per start: ids and keys differ from run to run. (The values are
    // a mock's, not secrets; a PRNG keeps per-request cost off the crypto module.)
    random: seededRandom(options.seed ?? randomInt(2 ** 32)),
    bodyLimitBytes: positive("bodyLimitBytes", options.bodyLimitBytes ?? defaults.DEFAULT_BODY_LIMIT_BYTES),
    bodyTimeoutMs,
    maxCreatedPerList: options.maxCreatedPerList,
    maxCreated: options.maxCreated,
  });
}

/** @throws RangeError unless `text` is an http(s) origin with no path, query or user information. */
function upstreamOrigin(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`Invalid upstream: not a URL (${text.slice(0, 100)})`);
  }
  if (
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    url.pathname !== "/"
  )
    throw new RangeError(
      "Invalid upstream: give an http(s) origin such as https://cloud.mongodb.com, with no path, query or user information " +
        "(the request target is forwarded unchanged, so that Digest signatures verify upstream)",
    );
  return url;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`Invalid ${name}: ${value}`);
  return value;
}
