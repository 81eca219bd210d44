import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DigestVerifier } from "@atlas-admin/digest/server";
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_NONCE_TTL_MS,
  DEFAULT_PORT,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  DEFAULT_REALM,
} from "./defaults.js";
import { createRequestHandler } from "./http/request-handler.js";
import { createPrismHandler } from "./prism/handle-request.js";
import { loadOperations } from "./prism/load-operations.js";
import { createLoggers, type LogLevel } from "./prism/logger.js";
import { seededRandom, unseededRandom } from "./respond/build-response.js";

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

  const operations = await loadOperations(options.specPath);
  const loggers = createLoggers(logLevel);
  const handler = createRequestHandler({
    verifier: new DigestVerifier({
      realm: options.realm ?? DEFAULT_REALM,
      username: publicKey,
      password: privateKey,
      nonceTtlMs,
    }),
    prism: createPrismHandler({
      operations,
      logger: loggers.prism,
      dynamic: options.dynamic ?? false,
      random: options.seed === undefined ? unseededRandom : seededRandom(options.seed),
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
