/**
 * The one table of the mock's options. The CLI's flags, environment variables and `--help`,
 * `startMock`/`createAtlasMock`'s types, defaults and checks, and the README's table are all
 * derived from `OPTIONS`: adding an option is one entry here (and its use).
 */
import { readFileSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Fault, parseFault } from "./atlas/faults.js";
import { checkAllowedOrigin } from "./http/cors.js";

/** Every log level, quietest first (pino's, with `silent`). */
export const LOG_LEVELS = ["silent", "fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One option: its CLI flag (without `--`) and argument, environment variables, kind, default, bounds and help. */
export interface OptionSpec {
  readonly flag: string;
  /** The flag's argument as `--help` shows it; none for an on/off switch. */
  readonly arg?: string;
  /** Read in this order when the flag is not given. */
  readonly env?: readonly string[];
  /** `list`: the flag may repeat; its variable is comma-separated. */
  readonly kind: "integer" | "number" | "string" | "boolean" | "list" | "enum";
  readonly default?: number | string | boolean | readonly string[];
  /** The default as the help and the README show it, when `default` alone does not say it. */
  readonly shown?: string;
  /** Inclusive bounds of a number; `above` is an exclusive lower bound. */
  readonly min?: number;
  readonly max?: number;
  readonly above?: number;
  readonly values?: readonly string[];
  /** What is wrong with one string (or list entry), or undefined: a check the kind alone does not make. */
  readonly valid?: (value: string) => string | undefined;
  readonly help: string;
  /** Only the server has it (`startMock`, the CLI); not `createAtlasMock`. */
  readonly server?: true;
  /** A file's path: the CLI takes a relative one from `ATLAS_MOCK_CWD` when set (see `parseCliOptions`). */
  readonly path?: true;
}

const ENV = (name: string) => [`ATLAS_MOCK_${name}`];

function originProblem(entry: string): string | undefined {
  try {
    checkAllowedOrigin(entry);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

// biome-ignore format: a table, one option a line
/** The options. Durations are in milliseconds unless the name says seconds; sizes in bytes. */
export const OPTIONS = {
  port: { flag: "port", arg: "<n>", env: [...ENV("PORT"), "PORT"], kind: "integer", default: 4010, min: 0, max: 65535, help: "port; `0` picks a free one", server: true },
  host: { flag: "host", arg: "<address>", env: ENV("HOST"), kind: "string", default: "127.0.0.1", help: "interface to listen on", server: true },
  publicKey: { flag: "public-key", arg: "<key>", env: ENV("PUBLIC_KEY"), kind: "string", default: "mockpublic", help: "the one accepted Digest username" },
  privateKey: { flag: "private-key", arg: "<key>", env: ENV("PRIVATE_KEY"), kind: "string", default: "00000000-0000-4000-8000-000000000000", help: "its password (a command line is readable by other processes: prefer the variable)" },
  realm: { flag: "realm", arg: "<text>", env: ENV("REALM"), kind: "string", default: "MMS Public API", help: "the Digest realm (Atlas's)" },
  clientId: { flag: "client-id", arg: "<id>", env: ENV("CLIENT_ID"), kind: "string", default: "mdb_sa_id_000000000000000000000000", help: "the one service account's client id" },
  clientSecret: { flag: "client-secret", arg: "<s>", env: ENV("CLIENT_SECRET"), kind: "string", default: "mdb_sa_sk_00000000000000000000000000000000", help: "its client secret (prefer the variable)" },
  tokenLifetimeSeconds: { flag: "token-lifetime", arg: "<s>", env: ENV("TOKEN_LIFETIME"), kind: "integer", default: 3600, min: 1, help: "access token lifetime in seconds (Atlas: one hour)" },
  tokenRateLimit: { flag: "token-rate-limit", arg: "<n>", env: ENV("TOKEN_RATE_LIMIT"), kind: "integer", default: 10, min: 1, help: "token requests per minute per (source address, client); more get 429 with `Retry-After`" },
  maxActiveTokens: { flag: "max-active-tokens", arg: "<n>", env: ENV("MAX_ACTIVE_TOKENS"), kind: "integer", default: 100, min: 1, help: "active (unexpired, unrevoked) tokens; more get 403 `access_denied`" },
  specPath: { flag: "spec", arg: "<path>", env: ENV("SPEC"), kind: "string", shown: "the bundled spec the package carries", help: "OpenAPI document (JSON or YAML)", path: true },
  nonceTtlMs: { flag: "nonce-ttl-ms", arg: "<ms>", env: ENV("NONCE_TTL_MS"), kind: "integer", default: 300_000, min: 1, help: "Digest nonce lifetime; then `stale=true`" },
  bodyTimeoutMs: { flag: "body-timeout-ms", arg: "<ms>", env: ENV("BODY_TIMEOUT_MS"), kind: "integer", default: 10_000, min: 1, help: "a request body not received in full by then gets 408" },
  bodyLimitBytes: { flag: "body-limit-bytes", arg: "<n>", env: ENV("BODY_LIMIT_BYTES"), kind: "integer", default: 1_048_576, min: 1, help: "a larger body gets 413 and the connection is closed" },
  maxConnections: { flag: "max-connections", arg: "<n>", env: ENV("MAX_CONNECTIONS"), kind: "integer", default: defaultMaxConnections(), shown: "a quarter of the open-file limit, at most 8192 (4096 where unknown)", min: 1, help: "connections that have sent a request, at once; a request on one more gets 503 with `Retry-After: 1` and `Connection: close`. Sockets open at all (silent ones too): twice this", server: true },
  headersTimeoutMs: { flag: "headers-timeout-ms", arg: "<ms>", env: ENV("HEADERS_TIMEOUT_MS"), kind: "integer", default: 10_000, min: 1, help: "a request head (or a silent connection's first) not received by then: 408, connection closed", server: true },
  requestTimeoutMs: { flag: "request-timeout-ms", arg: "<ms>", env: ENV("REQUEST_TIMEOUT_MS"), kind: "integer", default: 30_000, min: 1, help: "a whole request not received by then (and an idle socket): closed", server: true },
  keepAliveTimeoutMs: { flag: "keep-alive-timeout-ms", arg: "<ms>", env: ENV("KEEP_ALIVE_TIMEOUT_MS"), kind: "integer", default: 5000, min: 1, help: "an idle keep-alive connection is closed", server: true },
  shutdownGraceMs: { flag: "shutdown-grace-ms", arg: "<ms>", env: ENV("SHUTDOWN_GRACE_MS"), kind: "integer", default: 5000, min: 0, help: "on SIGTERM/SIGINT (and `close()`), requests in flight get this long to finish, answered with `Connection: close`", server: true },
  maxNonces: { flag: "max-nonces", arg: "<n>", env: ENV("MAX_NONCES"), kind: "integer", default: 10_000, min: 1, help: "Digest nonces remembered; the oldest is forgotten first, its next use answered `stale=true`" },
  maxCreatedPerList: { flag: "max-created-per-org", arg: "<n>", env: ENV("MAX_CREATED_PER_ORG"), kind: "integer", default: 10_000, min: 1, help: "created keys kept per organization, oldest forgotten first" },
  maxCreated: { flag: "max-created", arg: "<n>", env: ENV("MAX_CREATED"), kind: "integer", default: 50_000, min: 1, help: "created keys kept in all, oldest forgotten first" },
  rateLimits: { flag: "rate-limits", arg: "<on|off>", env: ENV("RATE_LIMITS"), kind: "boolean", default: true, shown: "`on`", help: "the spec's `x-atlas-rate-limit` per endpoint group and organization: 429 `RATE_LIMITED` with `Retry-After`" },
  rateLimitScale: { flag: "rate-limit-scale", arg: "<x>", env: ENV("RATE_LIMIT_SCALE"), kind: "number", default: 1, above: 0, help: "multiplies every capacity and refill (e.g. `10` for load tests)" },
  upstream: { flag: "upstream", arg: "<origin>", env: ENV("UPSTREAM"), kind: "string", shown: "none", help: "validating proxy: forward to this origin (`https://cloud.mongodb.com`) instead of mocking" },
  report: { flag: "report", arg: "<file>", env: ENV("REPORT"), kind: "string", shown: "stdout only", help: "the proxy's findings, one JSON line per exchange, appended; a relative path is taken from where the command was run (needs `--upstream`)", path: true },
  summaryIntervalSeconds: { flag: "summary-interval", arg: "<s>", env: ENV("SUMMARY_INTERVAL"), kind: "integer", default: 60, min: 0, help: "seconds between the proxy's summary lines (exchanges, findings); `0`: only on exit" },
  upstreamTimeoutMs: { flag: "upstream-timeout-ms", arg: "<ms>", env: ENV("UPSTREAM_TIMEOUT_MS"), kind: "integer", default: 30_000, min: 1, help: "the proxy's deadline for an upstream answer" },
  upstreamLimitBytes: { flag: "upstream-limit-bytes", arg: "<n>", env: ENV("UPSTREAM_LIMIT_BYTES"), kind: "integer", default: 16_777_216, min: 1, help: "the largest upstream answer the proxy passes on" },
  faults: { flag: "fault", arg: "<kind>", env: ENV("FAULTS"), kind: "list", default: [], shown: "none", help: "a fault drawn at `--fault-rate`; repeat for several: `status=429|500|503`, `latency=<ms>`, `reset`, `timeout` (variable: comma-separated)" },
  faultRate: { flag: "fault-rate", arg: "<r>", env: ENV("FAULT_RATE"), kind: "number", default: 0, min: 0, max: 1, help: "share of requests, 0 to 1, that get a fault" },
  faultSeed: { flag: "fault-seed", arg: "<n>", env: ENV("FAULT_SEED"), kind: "integer", min: 0, shown: "a new one per start", help: "seed of the faults drawn, so a run repeats" },
  allowedOrigins: { flag: "allowed-origins", arg: "<origin>", env: ENV("ALLOWED_ORIGINS"), kind: "list", default: ["loopback"], shown: "`loopback`", valid: originProblem, help: "origins whose pages may call the mock (CORS): an exact origin, `*`, `null` (pages opened from disk) or `loopback`; repeat for several (variable: comma-separated); the mock's own origin always", server: true },
  docsPage: { flag: "docs-page", arg: "<file>", env: ENV("DOCS_PAGE"), kind: "string", shown: "none", help: "serve this HTML file (the API reference page) at `/` and `/docs`, with the `llms.txt` and Markdown files beside it; while the credentials are the defaults above, the page's try-it panel is offered them", server: true, path: true },
  dynamic: { flag: "dynamic", kind: "boolean", default: false, help: "generate bodies from the schemas instead of serving examples" },
  seed: { flag: "seed", arg: "<n>", env: ENV("SEED"), kind: "integer", min: 0, shown: "a new one per start", help: "seed of the ids, keys and link-tokens the mock builds: same seed and requests, same bodies" },
  logLevel: { flag: "log-level", arg: "<level>", env: ENV("LOG_LEVEL"), kind: "enum", values: LOG_LEVELS, default: "silent", help: `${LOG_LEVELS.join(", ")}; JSON lines on stdout, without credentials` },
} as const satisfies Record<string, OptionSpec>;

/** The CLI's own switches, which are not options of `startMock`. */
export const SWITCHES = {
  proxy: "require `--upstream` (what `npm run proxy` passes)",
  verbose: "`--log-level info`; an explicit `--log-level` wins over it, it wins over `ATLAS_MOCK_LOG_LEVEL`",
  help: "usage",
} as const;

type Options = typeof OPTIONS;
type ValueOf<S> = S extends { kind: "integer" | "number" }
  ? number
  : S extends { kind: "boolean" }
    ? boolean
    : S extends { kind: "list" }
      ? readonly string[]
      : S extends { values: readonly (infer V)[] }
        ? V
        : string;

/**
 * The options of `startMock`: each optional, named as in `OPTIONS`, whose entry gives its flag,
 * variable, default, bounds and meaning (the README's table lists them).
 */
export type MockOptions = { readonly [K in keyof Options]?: ValueOf<Options[K]> };

/** The options of `createAtlasMock`: those of `startMock` that apply without a socket. */
export type AtlasMockOptions = Omit<
  MockOptions,
  { [K in keyof Options]: Options[K] extends { server: true } ? K : never }[keyof Options]
>;

/** Options with every default filled in, checked; what the mock runs on. */
export type ResolvedOptions = {
  readonly [K in keyof Options]: Options[K] extends { default: unknown }
    ? ValueOf<Options[K]>
    : ValueOf<Options[K]> | undefined;
} & {
  readonly faultList: readonly Fault[];
};

/** The mock's default Digest key pair and service account (the README's examples use them). */
export const DEFAULT_PUBLIC_KEY = OPTIONS.publicKey.default;
export const DEFAULT_PRIVATE_KEY = OPTIONS.privateKey.default;
export const DEFAULT_CLIENT_ID = OPTIONS.clientId.default;
export const DEFAULT_CLIENT_SECRET = OPTIONS.clientSecret.default;

/** A bad flag or variable: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Checks the options and fills in the defaults.
 * @throws TypeError for a name `OPTIONS` lacks, RangeError for a value out of its bounds.
 */
export function resolveOptions(options: MockOptions): ResolvedOptions {
  const resolved: Record<string, unknown> = {};
  for (const name of Object.keys(options))
    if (!(name in OPTIONS)) throw new TypeError(`Unknown option ${name}: see OPTIONS for the names.`);
  for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    const value = (options as Record<string, unknown>)[name] ?? spec.default;
    const problem = value === undefined ? undefined : check(spec, value);
    if (problem !== undefined) throw new RangeError(`Invalid ${name}: ${problem}, got ${show(value)}`);
    resolved[name] = value;
  }
  const faultList = (resolved.faults as readonly string[]).map((text) => {
    const fault = parseFault(text);
    if (fault instanceof Error) throw new RangeError(`Invalid faults: ${fault.message}`);
    return fault;
  });
  if ((resolved.faultRate as number) > 0 && faultList.length === 0)
    throw new RangeError("Invalid faultRate: a fault rate needs at least one fault kind (--fault).");
  if (resolved.report !== undefined && resolved.upstream === undefined)
    throw new RangeError("Invalid report: the findings report needs an upstream (--upstream <origin>).");
  if (options.summaryIntervalSeconds !== undefined && resolved.upstream === undefined)
    throw new RangeError("Invalid summaryIntervalSeconds: the proxy's summary needs --upstream <origin>.");
  return { ...resolved, faultList } as unknown as ResolvedOptions;
}

/** What is wrong with a value of an option, or undefined. */
function check(spec: OptionSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case "integer":
    case "number": {
      const whole = spec.kind === "integer";
      const ok =
        typeof value === "number" &&
        (whole ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max) &&
        (spec.above === undefined || value > spec.above);
      return ok ? undefined : `give ${bounds(spec)}`;
    }
    case "string":
      if (typeof value !== "string" || value === "") return "give a non-empty string";
      return spec.valid?.(value);
    case "boolean":
      return typeof value === "boolean" ? undefined : "give true or false";
    case "list":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return "give strings";
      return value.map((v) => spec.valid?.(v)).find((problem) => problem !== undefined);
    case "enum":
      return spec.values?.includes(value as string) ? undefined : `give one of ${spec.values?.join(", ")}`;
  }
}

function bounds(spec: OptionSpec): string {
  const what = spec.kind === "integer" ? "an integer" : "a number";
  if (spec.min !== undefined && spec.max !== undefined) return `${what} from ${spec.min} to ${spec.max}`;
  if (spec.above !== undefined) return `${what} > ${spec.above}`;
  return `${what} ≥ ${spec.min ?? 0}`;
}

const show = (value: unknown): string => JSON.stringify(value)?.slice(0, 100) ?? String(value);

export type CliCommand = { readonly help: true } | { readonly help: false; readonly options: MockOptions };

/**
 * The directory a relative path option (`path: true`) is taken from, instead of the current one.
 * The root's `npm run mock` and `npm run proxy` set it to where npm was run (pnpm runs the mock's
 * script in packages/mock); the CLI run directly leaves it unset.
 */
const CWD_VARIABLE = "ATLAS_MOCK_CWD";

/**
 * Turns the command line and the environment into `startMock` options: flags win over variables,
 * an empty variable counts as unset. Only what is given is set; `startMock` fills in the rest. A
 * relative path is made absolute against `ATLAS_MOCK_CWD` when that is set.
 * @throws UsageError naming the flag for an unknown flag or a value out of bounds.
 */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  const flags = Object.fromEntries(
    Object.values(OPTIONS).map((spec: OptionSpec) => [
      spec.flag,
      spec.kind === "boolean" && spec.arg === undefined
        ? { type: "boolean" as const }
        : { type: "string" as const, multiple: spec.kind === "list" },
    ]),
  );
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...flags,
        proxy: { type: "boolean" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  const options: Record<string, unknown> = {};
  const base = env[CWD_VARIABLE];
  for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    const given = values[spec.flag];
    const variable = (spec.env ?? []).map((v) => env[v]).find((v) => v !== undefined && v !== "");
    // A list's flag may repeat, and each of its values, like its variable, may be comma-separated.
    const text =
      spec.kind === "list"
        ? (given === undefined ? variable?.split(",") : (given as string[]).flatMap((g) => g.split(",")))
            ?.map((entry) => entry.trim())
            .filter((entry) => entry !== "")
        : (given ?? variable);
    if (text === undefined) continue;
    let value = typeof text === "string" ? fromText(spec, text) : text;
    if (spec.path && base && typeof value === "string" && value !== "") value = resolve(base, value);
    const problem = check(spec, value);
    if (problem !== undefined) throw new UsageError(`--${spec.flag}: ${problem}, got ${show(text)}`);
    options[name] = value;
  }
  // An explicit --log-level wins over --verbose, which wins over the environment.
  if (values.verbose && values["log-level"] === undefined) options.logLevel = "info";
  if (values.proxy && options.upstream === undefined)
    throw new UsageError("the proxy needs --upstream <origin>, such as --upstream https://cloud.mongodb.com");
  try {
    resolveOptions(options);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { help: false, options };
}

function fromText(spec: OptionSpec, text: string): unknown {
  switch (spec.kind) {
    case "integer":
      return /^\d+$/.test(text) ? Number(text) : Number.NaN;
    case "number":
      return text.trim() === "" ? Number.NaN : Number(text);
    case "boolean":
      return text === "on" || text === "true" ? true : text === "off" || text === "false" ? false : text;
    default:
      return text;
  }
}

/** How this process was started, for the usage line: `atlas-admin-mock`, or `node <path to cli.js>`. */
export function commandName(argv1 = process.argv[1] ?? "atlas-admin-mock", cwd = process.cwd()): string {
  const name = basename(argv1);
  return name.endsWith(".js") ? `node ${relative(cwd, argv1) || name}` : name;
}

const argOf = (spec: OptionSpec) => `--${spec.flag}${spec.arg === undefined ? "" : ` ${spec.arg}`}`;
const defaultOf = (spec: OptionSpec) =>
  spec.shown ?? (Array.isArray(spec.default) ? spec.default.join(",") : String(spec.default));
const plain = (text: string) => text.replaceAll("`", "");

/** The `--help` text, with `command` in its usage line. */
export function usage(command = commandName()): string {
  const pathFlags = Object.values(OPTIONS)
    .filter((spec: OptionSpec) => spec.path)
    .map((spec) => `--${spec.flag}`)
    .join(", ");
  const lines = Object.values(OPTIONS).map((spec: OptionSpec) => {
    const env = spec.env === undefined ? "" : ` [${spec.env.join(", then ")}]`;
    return `  ${argOf(spec)}\n      ${plain(spec.help)}${env} (default: ${defaultOf(spec)})`;
  });
  const switches = Object.entries(SWITCHES).map(([flag, help]) => `  --${flag}\n      ${plain(help)}`);
  return [
    `Usage: ${command} [options]`,
    "",
    "Serves the Atlas spec with Stoplight Prism behind HTTP Digest authentication and service-account",
    "(OAuth 2.0) tokens, under /api/atlas/v1.0 and at the root, with POST /api/oauth/token and /revoke.",
    "Flags win over the environment variables in brackets.",
    `A relative path (${pathFlags}) is taken from ${CWD_VARIABLE} when it is set, else the current directory.`,
    "",
    "Options:",
    ...lines,
    ...switches,
  ].join("\n");
}

/** The README's table of flags, one row per option and switch. */
export function optionsTable(): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const rows = Object.values(OPTIONS).map((spec: OptionSpec) => {
    const env = (spec.env ?? []).map((v) => `\`${v}\``).join(", then ");
    const value = spec.shown ?? `\`${defaultOf(spec)}\``;
    return `| \`${cell(argOf(spec))}\` | ${env} | ${cell(value)} | ${cell(spec.help)} |`;
  });
  const switches = Object.entries(SWITCHES).map(([flag, help]) => `| \`--${flag}\` | | | ${help} |`);
  return [
    "| flag | environment variable | default | meaning |",
    "|---|---|---|---|",
    ...rows,
    ...switches,
  ].join("\n");
}

/** A quarter of this process's open-file limit (Linux), at most 8,192; 4,096 where it is unknown. */
function defaultMaxConnections(): number {
  let limit = 16_384;
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (match?.[1] !== undefined) limit = Number(match[1]);
  } catch {
    // not Linux: the fallback
  }
  return Math.min(8192, Math.floor(limit / 4));
}
