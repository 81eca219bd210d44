/** Builds the pipeline the options ask for: the mock, or the validating proxy. */
import { randomInt } from "node:crypto";
import { DigestVerifier } from "@atlas-admin/digest/server";
import { readLifecycle } from "./atlas/lifecycle.js";
import { seededRandom } from "./atlas/mock-values.js";
import { createBuckets, createRateLimiter } from "./atlas/rate-limits.js";
import { TokenIssuer } from "./oauth/token-issuer.js";
import type { ResolvedOptions } from "./options.js";
import { createFindingsReport } from "./pipeline/findings-report.js";
import { createPipeline, type Pipeline } from "./pipeline/pipeline.js";
import { createProxyPipeline } from "./pipeline/proxy.js";
import { loadSpec } from "./prism/load-operations.js";
import type { PrismLogger } from "./prism/types.js";

/** @throws SpecLoadError when the spec cannot be read, RangeError for an upstream that is not an origin. */
export async function createMockPipeline(
  options: ResolvedOptions,
  prismLogger: PrismLogger,
): Promise<Pipeline> {
  const { operations, document } = await loadSpec(options.specPath);
  if (options.upstream !== undefined) {
    return createProxyPipeline({
      operations,
      upstream: upstreamOrigin(options.upstream),
      report: createFindingsReport(options.report, (line) => process.stdout.write(`${line}\n`), {
        summaryIntervalSeconds: options.summaryIntervalSeconds,
      }),
      bodyLimitBytes: options.bodyLimitBytes,
      bodyTimeoutMs: options.bodyTimeoutMs,
      upstreamLimitBytes: options.upstreamLimitBytes,
      upstreamTimeoutMs: options.upstreamTimeoutMs,
    });
  }
  // One store of token buckets for the API's limits and the token endpoint's.
  const buckets = createBuckets();
  const rateLimiter = createRateLimiter(
    document,
    { enabled: options.rateLimits, scale: options.rateLimitScale },
    buckets,
  );
  return createPipeline({
    prismLogger,
    faults: { rate: options.faultRate, faults: options.faultList },
    faultRandom: seededRandom(options.faultSeed ?? randomInt(2 ** 32)),
    operations,
    lifecycle: readLifecycle(document, operations),
    rateLimiter,
    verifier: new DigestVerifier({
      realm: options.realm,
      username: options.publicKey,
      password: options.privateKey,
      nonceTtlMs: options.nonceTtlMs,
      maxNonces: options.maxNonces,
    }),
    tokens: new TokenIssuer({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      lifetimeSeconds: options.tokenLifetimeSeconds,
      rateLimit: options.tokenRateLimit,
      rateWindowMs: 60_000,
      maxActiveTokens: options.maxActiveTokens,
      buckets,
    }),
    dynamic: options.dynamic,
    // Without a seed, one drawn per start: ids and keys differ from run to run. (The values are
    // a mock's, not secrets; a PRNG keeps per-request cost off the crypto module.)
    random: seededRandom(options.seed ?? randomInt(2 ** 32)),
    bodyLimitBytes: options.bodyLimitBytes,
    bodyTimeoutMs: options.bodyTimeoutMs,
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
