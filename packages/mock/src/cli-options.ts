import { parseArgs } from "node:util";
import { parseFault } from "./atlas/faults.js";
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_ACTIVE_TOKENS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_CREATED,
  DEFAULT_MAX_CREATED_PER_LIST,
  DEFAULT_MAX_NONCES,
  DEFAULT_NONCE_TTL_MS,
  DEFAULT_PORT,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_RATE_LIMIT,
} from "./defaults.js";
import { checkAllowedOrigin } from "./http/cors.js";
import type { MockOptions } from "./options.js";
import { DEFAULT_SUMMARY_INTERVAL_SECONDS } from "./pipeline/findings-report.js";
import { LOG_LEVELS, type LogLevel } from "./prism/logger.js";

export const USAGE = `Usage: node packages/mock/dist/cli.js [options]   (or, at the repository root: npm run mock -- [options])

Serves the Atlas spec with Stoplight Prism behind HTTP Digest authentication and service-account
(OAuth 2.0) tokens, under /api/atlas/v1.0 and at the root, with POST /api/oauth/token and /revoke.

Options (environment variable in brackets):
  --port <n>           port, 0 for a free one [ATLAS_MOCK_PORT, then PORT] (default ${DEFAULT_PORT})
  --host <address>     interface to listen on [ATLAS_MOCK_HOST] (default ${DEFAULT_HOST})
  --public-key <key>   Digest username [ATLAS_MOCK_PUBLIC_KEY] (default ${DEFAULT_PUBLIC_KEY})
  --private-key <key>  Digest password [ATLAS_MOCK_PRIVATE_KEY] (default ${DEFAULT_PRIVATE_KEY});
                       other processes can read a command line (ps): prefer the variable
  --client-id <id>     service account's client id [ATLAS_MOCK_CLIENT_ID] (default ${DEFAULT_CLIENT_ID})
  --client-secret <s>  its client secret [ATLAS_MOCK_CLIENT_SECRET] (default ${DEFAULT_CLIENT_SECRET});
                       prefer the variable
  --token-lifetime <s> access token lifetime in seconds [ATLAS_MOCK_TOKEN_LIFETIME] (default ${DEFAULT_TOKEN_LIFETIME_SECONDS})
  --token-rate-limit <n>
                       token requests per minute per client, then 429 [ATLAS_MOCK_TOKEN_RATE_LIMIT]
                       (default ${DEFAULT_TOKEN_RATE_LIMIT})
  --max-active-tokens <n>
                       active tokens at once, then 403 access_denied [ATLAS_MOCK_MAX_ACTIVE_TOKENS]
                       (default ${DEFAULT_MAX_ACTIVE_TOKENS})
  --spec <path>        OpenAPI document [ATLAS_MOCK_SPEC] (default: the spec the package carries)
  --nonce-ttl-ms <ms>  nonce lifetime [ATLAS_MOCK_NONCE_TTL_MS] (default ${DEFAULT_NONCE_TTL_MS})
  --body-timeout-ms <ms>
                       408 for a body not received in full by then [ATLAS_MOCK_BODY_TIMEOUT_MS]
                       (default ${DEFAULT_BODY_TIMEOUT_MS})
Bounds (each resource the mock holds is bounded by count and by time):
  --body-limit-bytes <n>
                       413 for a larger request body [ATLAS_MOCK_BODY_LIMIT_BYTES]
                       (default ${DEFAULT_BODY_LIMIT_BYTES})
  --max-connections <n>
                       connections open at once; more are closed [ATLAS_MOCK_MAX_CONNECTIONS]
                       (default ${DEFAULT_MAX_CONNECTIONS})
  --headers-timeout-ms <n>
                       408 and close for a request head not received by then [ATLAS_MOCK_HEADERS_TIMEOUT_MS]
                       (default ${DEFAULT_HEADERS_TIMEOUT_MS})
  --request-timeout-ms <n>
                       408 and close for a request not received in full by then [ATLAS_MOCK_REQUEST_TIMEOUT_MS]
                       (default ${DEFAULT_REQUEST_TIMEOUT_MS})
  --keep-alive-timeout-ms <n>
                       an idle keep-alive connection is closed after this [ATLAS_MOCK_KEEP_ALIVE_TIMEOUT_MS]
                       (default ${DEFAULT_KEEP_ALIVE_TIMEOUT_MS})
  --shutdown-grace-ms <n>
                       on SIGTERM/SIGINT, time for requests in flight to finish [ATLAS_MOCK_SHUTDOWN_GRACE_MS]
                       (default ${DEFAULT_SHUTDOWN_GRACE_MS})
  --max-nonces <n>
                       Digest nonces remembered at once, oldest forgotten first [ATLAS_MOCK_MAX_NONCES]
                       (default ${DEFAULT_MAX_NONCES})
  --max-created-per-org <n>
                       created keys kept per organization, oldest forgotten first [ATLAS_MOCK_MAX_CREATED_PER_ORG]
                       (default ${DEFAULT_MAX_CREATED_PER_LIST})
  --max-created <n>
                       created keys kept in all, oldest forgotten first [ATLAS_MOCK_MAX_CREATED]
                       (default ${DEFAULT_MAX_CREATED})

Rate limits (Atlas's, from the spec's x-atlas-rate-limit):
  --rate-limits <on|off>
                       enforce them (429 RATE_LIMITED with Retry-After) [ATLAS_MOCK_RATE_LIMITS] (default on)
  --rate-limit-scale <x>
                       multiply every capacity and refill, e.g. 10 for load tests [ATLAS_MOCK_RATE_LIMIT_SCALE] (default 1)

Validating proxy (instead of mocking):
  --upstream <origin>  forward every request unchanged to this origin (https://cloud.mongodb.com)
                       and report where the exchange breaks the spec [ATLAS_MOCK_UPSTREAM]
  --report <file>      append each exchange with findings as a JSON line to this file; a relative
                       path is taken from where the command was run [ATLAS_MOCK_REPORT]
  --summary-interval <s>
                       seconds between summary lines (exchanges, findings); 0: only on exit
                       [ATLAS_MOCK_SUMMARY_INTERVAL] (default ${DEFAULT_SUMMARY_INTERVAL_SECONDS})
  --proxy              require --upstream (what "npm run proxy" passes)

Faults (a request may also ask for one with Prefer: fault=<kind>):
  --fault <kind>       a fault drawn at --fault-rate; repeat for several: status=429|500|503,
                       latency=<ms>, reset, timeout [ATLAS_MOCK_FAULTS, comma-separated]
  --fault-rate <r>     share of requests, 0 to 1, that get a fault [ATLAS_MOCK_FAULT_RATE] (default 0)
  --fault-seed <n>     seed of the faults drawn, so runs repeat [ATLAS_MOCK_FAULT_SEED]

Browsers:
  --allowed-origins <list>
                       comma-separated origins whose pages may call the mock (CORS): exact
                       origins, *, null (pages opened from disk) or loopback; the mock's own
                       origin always [ATLAS_MOCK_ALLOWED_ORIGINS] (default loopback)
  --docs-page <file>   serve this HTML file (the API reference page) at / and /docs
                       [ATLAS_MOCK_DOCS_PAGE]

  --dynamic            generate bodies from schemas instead of serving examples
  --seed <n>           seed of the ids and keys in bodies built from the request, so runs repeat
                       [ATLAS_MOCK_SEED] (default: different on every start)
  --log-level <level>  ${LOG_LEVELS.join(" | ")} [ATLAS_MOCK_LOG_LEVEL] (default silent)
  --verbose            same as --log-level info (an explicit --log-level wins)
  --help               print this help`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type CliCommand = { readonly help: true } | { readonly help: false; readonly options: MockOptions };

/** Turns the command line and the environment into `startMock` options; flags win over variables. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };

  const port = integer("--port", values.port ?? nonEmpty(env.ATLAS_MOCK_PORT) ?? env.PORT);
  const nonceTtlMs = integer("--nonce-ttl-ms", values["nonce-ttl-ms"] ?? env.ATLAS_MOCK_NONCE_TTL_MS);
  const bodyTimeoutMs = integer(
    "--body-timeout-ms",
    values["body-timeout-ms"] ?? env.ATLAS_MOCK_BODY_TIMEOUT_MS,
  );
  const seed = integer("--seed", values.seed ?? env.ATLAS_MOCK_SEED);
  const rateLimitsText = nonEmpty(values["rate-limits"] ?? env.ATLAS_MOCK_RATE_LIMITS);
  if (rateLimitsText !== undefined && rateLimitsText !== "on" && rateLimitsText !== "off")
    throw new UsageError(`--rate-limits must be on or off, got ${rateLimitsText}`);
  const scaleText = nonEmpty(values["rate-limit-scale"] ?? env.ATLAS_MOCK_RATE_LIMIT_SCALE);
  const rateLimitScale = scaleText === undefined ? undefined : Number(scaleText);
  if (rateLimitScale !== undefined && !(rateLimitScale > 0))
    throw new UsageError(`--rate-limit-scale must be a positive number, got ${scaleText}`);
  const upstream = nonEmpty(values.upstream ?? env.ATLAS_MOCK_UPSTREAM);
  if (values.proxy && upstream === undefined)
    throw new UsageError("the proxy needs --upstream <origin>, such as --upstream https://cloud.mongodb.com");
  const report = nonEmpty(values.report ?? env.ATLAS_MOCK_REPORT);
  if (report !== undefined && upstream === undefined)
    throw new UsageError("--report needs --upstream <origin>");
  const summaryIntervalSeconds = integer(
    "--summary-interval",
    values["summary-interval"] ?? env.ATLAS_MOCK_SUMMARY_INTERVAL,
  );
  if (values["summary-interval"] !== undefined && upstream === undefined)
    throw new UsageError("--summary-interval needs --upstream <origin>");
  const faultSeed = integer("--fault-seed", values["fault-seed"] ?? env.ATLAS_MOCK_FAULT_SEED);
  const faultRateText = values["fault-rate"] ?? env.ATLAS_MOCK_FAULT_RATE;
  const faultRate = faultRateText === undefined || faultRateText === "" ? undefined : Number(faultRateText);
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1))
    throw new UsageError(`--fault-rate must be a number from 0 to 1, got ${faultRateText}`);
  const faults = values.fault ?? (env.ATLAS_MOCK_FAULTS ? env.ATLAS_MOCK_FAULTS.split(",") : undefined);
  for (const fault of faults ?? []) {
    const parsed = parseFault(fault);
    if (parsed instanceof Error) throw new UsageError(`--fault: ${parsed.message}`);
  }
  if (faultRate !== undefined && faultRate > 0 && (faults ?? []).length === 0)
    throw new UsageError("--fault-rate needs at least one --fault <kind>");
  const tokenLifetimeSeconds = positive(
    "--token-lifetime",
    values["token-lifetime"] ?? env.ATLAS_MOCK_TOKEN_LIFETIME,
  );
  const tokenRateLimit = positive(
    "--token-rate-limit",
    values["token-rate-limit"] ?? env.ATLAS_MOCK_TOKEN_RATE_LIMIT,
  );
  const maxActiveTokens = positive(
    "--max-active-tokens",
    values["max-active-tokens"] ?? env.ATLAS_MOCK_MAX_ACTIVE_TOKENS,
  );
  if (seed !== undefined && !Number.isSafeInteger(seed))
    throw new UsageError(`--seed is too large, got ${seed}`);
  if (port !== undefined && port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  if (nonceTtlMs === 0) throw new UsageError("--nonce-ttl-ms must be positive");
  if (bodyTimeoutMs === 0) throw new UsageError("--body-timeout-ms must be positive");
  // An explicit --log-level wins over --verbose, which wins over the environment.
  const logLevel = values["log-level"] ?? (values.verbose ? "info" : env.ATLAS_MOCK_LOG_LEVEL);
  if (logLevel !== undefined && !isLogLevel(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got ${logLevel}`);
  }
  return {
    help: false,
    options: {
      port,
      host: nonEmpty(values.host ?? env.ATLAS_MOCK_HOST),
      publicKey: nonEmpty(values["public-key"] ?? env.ATLAS_MOCK_PUBLIC_KEY),
      privateKey: nonEmpty(values["private-key"] ?? env.ATLAS_MOCK_PRIVATE_KEY),
      specPath: nonEmpty(values.spec ?? env.ATLAS_MOCK_SPEC),
      nonceTtlMs,
      bodyTimeoutMs,
      dynamic: values.dynamic,
      logLevel,
      seed,
      ...definedOnly({
        clientId: nonEmpty(values["client-id"] ?? env.ATLAS_MOCK_CLIENT_ID),
        clientSecret: nonEmpty(values["client-secret"] ?? env.ATLAS_MOCK_CLIENT_SECRET),
        tokenLifetimeSeconds,
        tokenRateLimit,
        maxActiveTokens,
        faultRate,
        faults,
        faultSeed,
        upstream,
        report,
        summaryIntervalSeconds,
        rateLimits: rateLimitsText === undefined ? undefined : rateLimitsText === "on",
        rateLimitScale,
        bodyLimitBytes: positive(
          "--body-limit-bytes",
          values["body-limit-bytes"] ?? env.ATLAS_MOCK_BODY_LIMIT_BYTES,
        ),
        maxConnections: positive(
          "--max-connections",
          values["max-connections"] ?? env.ATLAS_MOCK_MAX_CONNECTIONS,
        ),
        headersTimeoutMs: positive(
          "--headers-timeout-ms",
          values["headers-timeout-ms"] ?? env.ATLAS_MOCK_HEADERS_TIMEOUT_MS,
        ),
        requestTimeoutMs: positive(
          "--request-timeout-ms",
          values["request-timeout-ms"] ?? env.ATLAS_MOCK_REQUEST_TIMEOUT_MS,
        ),
        keepAliveTimeoutMs: positive(
          "--keep-alive-timeout-ms",
          values["keep-alive-timeout-ms"] ?? env.ATLAS_MOCK_KEEP_ALIVE_TIMEOUT_MS,
        ),
        shutdownGraceMs: integer(
          "--shutdown-grace-ms",
          values["shutdown-grace-ms"] ?? env.ATLAS_MOCK_SHUTDOWN_GRACE_MS,
        ),
        maxNonces: positive("--max-nonces", values["max-nonces"] ?? env.ATLAS_MOCK_MAX_NONCES),
        maxCreatedPerList: positive(
          "--max-created-per-org",
          values["max-created-per-org"] ?? env.ATLAS_MOCK_MAX_CREATED_PER_ORG,
        ),
        maxCreated: positive("--max-created", values["max-created"] ?? env.ATLAS_MOCK_MAX_CREATED),
        allowedOrigins: allowedOrigins(values["allowed-origins"] ?? env.ATLAS_MOCK_ALLOWED_ORIGINS),
        docsPage: nonEmpty(values["docs-page"] ?? env.ATLAS_MOCK_DOCS_PAGE),
      }),
    },
  };
}

/** The entries whose value is set (so the options of earlier releases read as before). */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function allowedOrigins(text: string | undefined): string[] | undefined {
  if (nonEmpty(text) === undefined) return undefined;
  return (text ?? "").split(",").map((entry) => {
    try {
      return checkAllowedOrigin(entry.trim());
    } catch (error) {
      throw new UsageError(`--allowed-origins: ${(error as Error).message}`);
    }
  });
}

function positive(flag: string, value: string | undefined): number | undefined {
  const n = integer(flag, value);
  if (n === 0) throw new UsageError(`${flag} must be positive`);
  return n;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "public-key": { type: "string" },
      "private-key": { type: "string" },
      spec: { type: "string" },
      "nonce-ttl-ms": { type: "string" },
      "body-timeout-ms": { type: "string" },
      dynamic: { type: "boolean" },
      seed: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "token-lifetime": { type: "string" },
      "token-rate-limit": { type: "string" },
      "max-active-tokens": { type: "string" },
      "body-limit-bytes": { type: "string" },
      "max-connections": { type: "string" },
      "headers-timeout-ms": { type: "string" },
      "request-timeout-ms": { type: "string" },
      "keep-alive-timeout-ms": { type: "string" },
      "shutdown-grace-ms": { type: "string" },
      "max-nonces": { type: "string" },
      "max-created-per-org": { type: "string" },
      "max-created": { type: "string" },
      "rate-limits": { type: "string" },
      "rate-limit-scale": { type: "string" },
      upstream: { type: "string" },
      report: { type: "string" },
      "summary-interval": { type: "string" },
      proxy: { type: "boolean" },
      fault: { type: "string", multiple: true },
      "fault-rate": { type: "string" },
      "fault-seed": { type: "string" },
      "allowed-origins": { type: "string" },
      "docs-page": { type: "string" },
      "log-level": { type: "string" },
      verbose: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a non-negative integer, got ${value}`);
  return Number(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === "" ? undefined : value;
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
