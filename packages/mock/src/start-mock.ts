import { randomInt } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DigestVerifier } from "@atlas-admin/digest/server";
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_HOST,
  DEFAULT_MAX_ACTIVE_TOKENS,
  DEFAULT_NONCE_TTL_MS,
  DEFAULT_PORT,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  DEFAULT_REALM,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_RATE_LIMIT,
} from "./defaults.js";
import { createRequestHandler } from "./http/request-handler.js";
import { createAuthenticator } from "./oauth/authenticate.js";
import { TokenIssuer } from "./oauth/token-issuer.js";
import { createPrismHandler } from "./prism/handle-request.js";
import { loadOperations } from "./prism/load-operations.js";
import { createLoggers, type LogLevel } from "./prism/logger.js";
import { seededRandom } from "./respond/build-response.js";

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
}

/** The port is taken (or not ours to take); the message names the option that changes it. */
export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
}

export interface RunningMock {
  /** Base URL, such as `http://127.0.0.1:4010`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Loads the spec, then serves it with Prism behind Digest authentication. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const port = options.port ?? DEFAULT_PORT;
  const host = options.host ?? DEFAULT_HOST;
  const nonceTtlMs = options.nonceTtlMs ?? DEFAULT_NONCE_TTL_MS;
  const publicKey = options.publicKey ?? DEFAULT_PUBLIC_KEY;
  const privateKey = options.privateKey ?? DEFAULT_PRIVATE_KEY;
  const logLevel = options.logLevel ?? "silent";
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`Invalid port: ${port}`);
  if (!(nonceTtlMs > 0)) throw new RangeError(`Invalid nonce lifetime: ${nonceTtlMs} ms`);
  if (!(bodyTimeoutMs > 0)) throw new RangeError(`Invalid body timeout: ${bodyTimeoutMs} ms`);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new RangeError(`Invalid seed: ${options.seed}`);
  if (publicKey === "" || privateKey === "")
    throw new RangeError("The public and private keys must not be empty.");

  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const rateLimit = options.tokenRateLimit ?? DEFAULT_TOKEN_RATE_LIMIT;
  const maxActiveTokens = options.maxActiveTokens ?? DEFAULT_MAX_ACTIVE_TOKENS;
  if (clientId === "" || clientSecret === "")
    throw new RangeError("The client id and secret must not be empty.");
  for (const [name, value] of Object.entries({ lifetimeSeconds, rateLimit, maxActiveTokens })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`Invalid ${name}: ${value}`);
  }

  const operations = await loadOperations(options.specPath);
  const loggers = createLoggers(logLevel);
  const verifier = new DigestVerifier({
    realm: options.realm ?? DEFAULT_REALM,
    username: publicKey,
    password: privateKey,
    nonceTtlMs,
  });
  const tokens = new TokenIssuer({
    clientId,
    clientSecret,
    lifetimeSeconds,
    rateLimit,
    rateWindowMs: 60_000,
    maxActiveTokens,
    issuer: "atlas-admin-mock",
  });
  const handler = createRequestHandler({
    verifier,
    authenticate: createAuthenticator(verifier, tokens),
    tokens,
    apiPrefix: serverPathOf(operations),
    prism: createPrismHandler({
      operations,
      logger: loggers.prism,
      dynamic: options.dynamic ?? false,
      // Without --seed, a seed drawn per start: ids and keys differ from run to run. (The values are
      // a mock's, not secrets; a PRNG keeps per-request cost off the crypto module.)
      random: seededRandom(options.seed ?? randomInt(2 ** 32)),
    }),
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    bodyTimeoutMs,
    logger: loggers.mock,
    logRequests: logLevel !== "silent",
  });

  const server = createServer(handler);
  server.listen(port, host);
  try {
    await once(server, "listening");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") {
      throw new PortInUseError(
        `port ${port} on ${host} is ${code === "EADDRINUSE" ? "already in use" : "not allowed"}: ` +
          "choose another with --port <n> or ATLAS_MOCK_PORT (0 picks a free port)",
        { cause: error },
      );
    }
    throw error;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The path of the spec's first server URL (`/api/atlas/v1.0`), or "" when it has none. */
function serverPathOf(operations: readonly { servers?: readonly { url: string }[] }[]): string {
  const url = operations[0]?.servers?.[0]?.url;
  if (url === undefined) return "";
  try {
    return new URL(url).pathname.replace(/\/$/, "");
  } catch {
    return "";
  }
}
