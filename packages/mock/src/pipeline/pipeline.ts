/**
 * The mock's one pipeline, from a request's head to the answer. The stages, in the order they run:
 *
 *   1. request target   origin form only, else 400 (and the API's server path taken off)
 *   1b. faults          `Prefer: fault=…` or the configured rate: a 429/500/503, a reset connection
 *                       or no answer (src/atlas/faults.ts); a delay waits for stage 3b
 *   2. token endpoints  /api/oauth/token and /revoke answer here (they authenticate themselves)
 *   3. authenticate     Digest or a service account's Bearer token, else 401 (body left unread);
 *                       a Digest `uri` that is not the request target: 400 (RFC 7616 §3.4.6)
 *   3b. delay           a `latency` fault, for an authenticated caller only, cut short when the
 *                       client goes away
 *   4. read body        within the size limit (413) and the deadline (408); JSON parsed (400)
 *   5. route            once, in the route index: 404, or 405 with `Allow`
 *   5b. rate limit      the endpoint group's token bucket per organization (`x-atlas-rate-limit`):
 *                       429 `RATE_LIMITED` with `Retry-After` (src/atlas/rate-limits.ts)
 *   6. negotiate        415 for a Content-Type, 406 for an Accept, 422 for a `Prefer` it lacks
 *   7. validate input   Ajv, once: 400 with the spec's `x-atlas-error` for the first broken rule
 *   8. mock             Prism's mocker (examples, `Prefer`, dynamic)
 *   9. state            bodies built from the request (`x-mock-value`), kept by the creating
 *                       operation, read, updated and removed by the ones its `links` name, paged
 *                       by list operations (`x-mock-list`): src/atlas/lifecycle.ts, state.ts
 *   10. validate output the bytes about to be sent, with the proxy's validator
 *                       (src/atlas/validate-output.ts): `sl-violations` describes them; a body the
 *                       state stage built that breaks the spec is not sent (nor kept) but logged,
 *                       and the answer is 500 `UNEXPECTED_ERROR`
 *
 * The connection limits before stage 1 and the sending after stage 10 are the server's
 * (src/server.ts). A stage answers by returning a `MockResponse`; nothing here throws on input.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { DigestVerifier } from "@atlas-admin/digest/server";
import type { IHttpRequest } from "@stoplight/prism-http";
import { apiError } from "../atlas/api-error.js";
import { badRequest } from "../atlas/bad-request.js";
import {
  createFaultPicker,
  FAULT_RETRY_AFTER_SECONDS,
  type FaultOptions,
  faultError,
} from "../atlas/faults.js";
import { type Lifecycle, redacted } from "../atlas/lifecycle.js";
import { buildResponse, buildsFromRequest, type Random } from "../atlas/mock-values.js";
import { checkPreferences, exampleStatus, faultPreference, readPreferences } from "../atlas/preferences.js";
import type { RateLimiter } from "../atlas/rate-limits.js";
import { ResourceStore } from "../atlas/state.js";
import { InputValidator } from "../atlas/validate-input.js";
import { type Finding, OutputValidator } from "../atlas/validate-output.js";
import { violationsHeader } from "../atlas/violations-header.js";
import { answerOAuth, isOAuthPath } from "../oauth/endpoints.js";
import type { TokenIssuer } from "../oauth/token-issuer.js";
import { createMockOnPrism, type PrismError } from "../prism/instance.js";
import { RouteIndex } from "../prism/route.js";
import type { PrismLogger, PrismOperation } from "../prism/types.js";
import { createAuthenticator } from "./authenticate.js";
import { logToStderr } from "./log.js";
import { negotiate } from "./negotiate.js";
import { announcesBody, type BodySource, readBody } from "./read-body.js";
import { apiPrefixOf, parseRequestTarget } from "./request-target.js";
import { errorResponse, fail, type HeaderValues, type MockResponse, serializeJson } from "./respond.js";

/** One request as the pipeline sees it: the head, and the body to read when it gets that far. */
export interface PipelineRequest {
  readonly method: string;
  /** The request target as received (`/orgs/…/apiKeys?pretty=true`). */
  readonly target: string;
  /** Header names in lower case, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The peer's address: the token endpoint's limits are kept per address and client. */
  readonly remoteAddress: string;
  readonly body: BodySource;
  /**
   * The origin the request came to (`http://127.0.0.1:4010`): links in bodies built here name it,
   * so that following them stays with the mock (default: the spec's server), and a Digest `uri` in
   * absolute form must name it (without it, such a `uri` is refused).
   */
  readonly origin?: string;
  /** Aborts when the client goes away: a delay ends, and nothing is created or changed after it. */
  readonly signal?: AbortSignal;
}

export interface PipelineOptions {
  readonly operations: readonly PrismOperation[];
  /** Which operations create, read, update and remove what (the spec's `links`). */
  readonly lifecycle: Lifecycle;
  /** Atlas's rate limits per endpoint group (the spec's `x-atlas-rate-limit`). */
  readonly rateLimiter: RateLimiter;
  readonly verifier: DigestVerifier;
  readonly tokens: TokenIssuer;
  readonly prismLogger: PrismLogger;
  /** Generate bodies from the schemas instead of serving examples, unless `Prefer` says otherwise. */
  readonly dynamic: boolean;
  /** Randomness for the values of bodies built from the request (`id`, keys, tokens). */
  readonly random: Random;
  readonly bodyLimitBytes: number;
  readonly bodyTimeoutMs: number;
  /** Bounds of the created resources kept for list operations. */
  readonly maxCreatedPerList: number;
  readonly maxCreated: number;
  /** Faults at a rate (each request may also ask for one with `Prefer: fault=…`). */
  readonly faults?: FaultOptions;
  /** Randomness of the faults drawn at a rate (seeded, so a run repeats). */
  readonly faultRandom?: Random;
  /**
   * Where the mock's own failures are written, whatever the log level (one line each, no
   * credential or body value). Default: standard error, prefixed `atlas-mock: `.
   */
  readonly log?: (line: string) => void;
}

/**
 * Answers one request; never rejects on input. `close`, when present, ends what the pipeline runs
 * in the background (the proxy's summary timer) and writes what it owes (the proxy's summary);
 * the server and the in-process mock call it once, on close.
 */
export type Pipeline = ((request: PipelineRequest) => Promise<MockResponse>) & {
  readonly close?: () => void;
};

const UNAUTHORIZED = "You are not authorized for this resource.";
const URI_NOT_TARGET =
  "The Digest uri is not the request target (RFC 7616 §3.4.6): sign the path and query you send.";

export function createPipeline(options: PipelineOptions): Pipeline {
  const { operations, verifier, tokens, bodyLimitBytes, bodyTimeoutMs } = options;
  const apiPrefix = apiPrefixOf(operations);
  const specServer = (operations[0]?.servers?.[0]?.url ?? "").replace(/\/$/, "");
  const authenticate = createAuthenticator(verifier, tokens);
  const routes = new RouteIndex(operations);
  const validator = new InputValidator();
  const outputs = new OutputValidator();
  const log = options.log ?? logToStderr;
  const prism = createMockOnPrism({ logger: options.prismLogger, dynamic: options.dynamic });
  const { lifecycle } = options;
  const store = new ResourceStore(operations, {
    maxPerList: options.maxCreatedPerList,
    maxTotal: options.maxCreated,
  });
  const limits = { limitBytes: bodyLimitBytes, timeoutMs: bodyTimeoutMs };
  const pickFault = createFaultPicker(options.faults ?? {}, options.faultRandom ?? options.random);

  return async (request) => {
    const { method, headers } = request;
    // 1. request target
    const parsed = parseRequestTarget(request.target, apiPrefix);
    if (!parsed.ok) return parsed.response;
    const { path, query, pretty } = parsed.target;

    // 1b. faults
    const fault = pickFault(faultPreference(single(headers.prefer)));
    const latency = fault !== undefined && "kind" in fault && fault.kind === "latency" ? fault : undefined;
    if (latency === undefined) {
      const faulted = await applyFault(fault, pretty, request.signal);
      if (faulted !== undefined) return faulted;
    }
    const delay = () => applyFault(latency, pretty, request.signal);

    // 2. token endpoints
    if (isOAuthPath(path)) {
      const delayed = tokens.isClient(headers.authorization) ? await delay() : undefined;
      if (delayed !== undefined) return delayed;
      const body = await readBody(headers, request.body, limits);
      if (body.kind !== "ok") return unreadable(body, limits, pretty);
      return answerOAuth(tokens, { method, path, headers, body: body.body, source: request.remoteAddress });
    }

    // 3. authenticate
    const auth = await authenticate(method, request.target, headers, request.origin);
    if (!auth.ok && auth.status === 400) return fail(400, "MALFORMED_REQUEST", URI_NOT_TARGET, { pretty });
    if (!auth.ok) {
      // A wrong public key and a wrong digest get the same words, so that the answer does not tell
      // which public keys exist.
      const detail = auth.hint === undefined ? UNAUTHORIZED : `${UNAUTHORIZED} ${auth.hint}`;
      return fail(401, "UNAUTHORIZED", detail, {
        headers: { "WWW-Authenticate": auth.challenge },
        pretty,
        close: announcesBody(headers),
      });
    }

    // 3b. delay
    const delayed = await delay();
    if (delayed !== undefined) return delayed;

    // 4. read body
    const body = await readBody(headers, request.body, limits);
    if (body.kind !== "ok") return unreadable(body, limits, pretty);

    // 5. route
    const route = routes.find(method, path);
    if (route.kind === "no-path") {
      return fail(404, "RESOURCE_NOT_FOUND", `No operation of the spec has the path ${clip(path)}.`, {
        pretty,
      });
    }
    if (route.kind === "no-method") {
      const allow = route.allow.join(", ");
      return fail(
        405,
        "METHOD_NOT_ALLOWED",
        `${clip(path)} has no ${clip(method)} operation; it allows ${allow}.`,
        {
          headers: { Allow: allow },
          pretty,
        },
      );
    }
    const { operation } = route;

    // 5b. rate limit
    const limited = options.rateLimiter.check(operation, route.parameters);
    if (!limited.ok) return errorResponse(limited.error, { headers: limited.headers, pretty });

    // 6. negotiate
    const refused = negotiate(operation, headers, body.body !== null);
    if (refused !== undefined) return errorResponse(refused, { pretty });
    const read = readPreferences(single(headers.prefer), query);
    if (!read.ok) return errorResponse(read.error, { pretty });
    const preferenceError = checkPreferences(operation, read.preferences);
    if (preferenceError !== undefined) return errorResponse(preferenceError, { pretty });
    const code = read.preferences.code ?? exampleStatus(operation, read.preferences.exampleKey);
    const preferences = { ...read.preferences, ...(code === undefined ? {} : { code }) };
    // An error status asked for is what the caller wants to see, whatever the request; a bare
    // `code=400` shows the request's own violations, if it has any.
    const errorAskedFor =
      code !== undefined && code >= 300 && !(code === 400 && preferences.exampleKey === undefined);

    // 7. validate input
    if (!errorAskedFor) {
      const violations = validator.validate(operation, { path: route.parameters, query, body: body.body });
      const error = badRequest(violations);
      if (error !== undefined) {
        const header = violationsHeader(violations, []);
        return errorResponse(error, {
          headers: header === undefined ? {} : { "sl-violations": header },
          pretty,
        });
      }
    }

    // 8. mock
    const { authorization: _verified, ...prismHeaders } = headers; // Prism logs headers at debug level
    const input: IHttpRequest = {
      method: method.toLowerCase() as IHttpRequest["method"],
      url: { path, query: query as IHttpRequest["url"]["query"] },
      headers: prismHeaders as IHttpRequest["headers"],
      body: body.body,
    };
    const mocked = await prism.respond(operation, input, preferences);
    if (!mocked.ok) return errorResponse(prismErrorToApiError(mocked.error), { pretty });
    const { output } = mocked.result;
    const status = output.statusCode;
    const responseHeaders: Record<string, string | number | readonly string[]> = {
      ...(output.headers as HeaderValues | undefined),
    };
    // A mocked 401 (`Prefer: code=401`) carries a usable challenge, as Atlas's would.
    if (status === 401) responseHeaders["WWW-Authenticate"] = verifier.challenge();

    // 9. state: the answer built from the request and what is kept, committed only once valid
    const server = request.origin === undefined ? specServer : `${request.origin}${apiPrefix}`;
    if (request.signal?.aborted) return GONE; // the client went away: nothing is created or changed
    let answer: unknown = output.body;
    let built = false;
    let commit: (() => void) | undefined;
    const fromRequest = status < 300 && preferences.exampleKey === undefined && preferences.dynamic !== true;
    if (fromRequest) {
      const creator = lifecycle.creatorOf(operation);
      const target = lifecycle.targetOf(operation);
      const parameters = decodedParameters(route.parameters);
      if (store.lists(operation, status)) {
        const redact = lifecycle.creatorAt(operation.path)?.redact ?? {};
        answer = store.page(
          operation,
          { path, query: new URLSearchParams(flatQuery(query)), server },
          redact,
        );
        built = true;
      } else if (target !== undefined && read.preferences.code !== undefined) {
        // a status asked for by name is the spec's response, not the state's
      } else if (target !== undefined) {
        const collection = fill(target.creator.operation.path, route.parameters);
        const id = target.idParameter === undefined ? undefined : parameters[target.idParameter];
        const current = id === undefined ? undefined : store.get(collection, id);
        if (id !== undefined && current === undefined)
          return notFound(operation, target.creator.notFound, id, pretty);
        built = true;
        switch (target.action) {
          case "read":
            answer = redacted(current, target.creator.redact);
            break;
          case "update": {
            const rebuilt = buildFromRequest(target.creator.operation, 200, current, {
              path: parameters,
              body: body.body,
              server,
              random: options.random,
            }) as Record<string, unknown>;
            const changed = Object.keys((body.body ?? {}) as object);
            const updated = {
              ...(current as Record<string, unknown>),
              ...Object.fromEntries(
                changed.filter((key) => key in rebuilt).map((key) => [key, rebuilt[key]]),
              ),
            };
            if (id !== undefined) commit = () => store.replace(collection, id, updated);
            answer = redacted(updated, target.creator.redact);
            break;
          }
          case "remove":
            commit = () => store.remove(collection, id);
            answer = undefined;
            break;
        }
      } else {
        const fresh = buildFromRequest(operation, status, output.body, {
          path: parameters,
          body: body.body,
          server,
          random: options.random,
        });
        built = fresh !== output.body;
        answer = fresh;
        if (creator !== undefined) commit = () => store.create(creator, path, fresh);
      }
    }

    // 10. validate output: the bytes about to be sent, against the operation's responses
    const sent = serialize(answer, pretty);
    const findings = outputs.validate(operation, {
      status,
      contentType: headerValue(responseHeaders, "content-type"),
      body: sent,
    });
    if (findings.length > 0 && built) {
      // The state stage built an answer the spec does not allow: a fault of the mock or of the
      // spec's `x-mock-value`/`links`, never sent. Findings name places and rules, never values.
      log(
        `${method} ${operation.path} (${operation.iid}): the answer built from the request breaks the spec ` +
          `(${describeFindings(status, findings)}); answered 500 UNEXPECTED_ERROR instead, nothing was kept`,
      );
      return fail(
        500,
        "UNEXPECTED_ERROR",
        "The mock built an answer that its spec does not allow; the mock's log names the rule it breaks.",
        { pretty },
      );
    }
    commit?.();
    const header = violationsHeader([], findings);
    if (header !== undefined) responseHeaders["sl-violations"] = header;
    return { status, headers: responseHeaders, body: sent };
  };
}

/** No answer: the client is gone. */
const GONE: MockResponse = { status: 0, headers: {}, body: undefined, fault: "reset" };

/** The answer of a fault, or undefined when there is none (or it was a delay, now over). */
async function applyFault(
  fault: ReturnType<ReturnType<typeof createFaultPicker>>,
  pretty: boolean,
  signal: AbortSignal | undefined,
): Promise<MockResponse | undefined> {
  if (fault === undefined) return undefined;
  if ("errorCode" in fault) return errorResponse(fault, { pretty });
  switch (fault.kind) {
    case "status":
      return errorResponse(faultError(fault.status), {
        headers: fault.status === 429 ? { "Retry-After": String(FAULT_RETRY_AFTER_SECONDS) } : {},
        pretty,
      });
    case "latency":
      // The timer ends early when the client goes away, so a delay holds nothing after it.
      await new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, fault.ms);
        signal?.addEventListener("abort", done, { once: true });
      });
      return signal?.aborted ? GONE : undefined;
    case "reset":
    case "timeout":
      return { status: 0, headers: {}, body: undefined, fault: fault.kind };
  }
}

/** At most this many findings are named in the log line of an answer refused by stage 10. */
const LOGGED_FINDINGS = 10;

function describeFindings(status: number, findings: readonly Finding[]): string {
  const named = findings
    .slice(0, LOGGED_FINDINGS)
    .map((f) => `${f.pointer || "/"} ${f.rule}: ${clip(f.message)}`);
  const rest = findings.length - named.length;
  return `status ${status}: ${named.join("; ")}${rest > 0 ? `; and ${rest} more` : ""}`;
}

function headerValue(headers: HeaderValues, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(", ") : String(value);
  }
  return undefined;
}

/**
 * The answer to an id the state does not hold: the operation's example named `exampleKey` (the
 * creator's `x-mock-not-found`), in whichever error response holds it, else its documented 404's
 * first named example; about the id asked for.
 */
function notFound(
  operation: PrismOperation,
  exampleKey: string | undefined,
  id: string,
  pretty: boolean,
): MockResponse {
  const named = (response: PrismOperation["responses"][number]) =>
    response.contents?.[0]?.examples?.find((example) => example.key === exampleKey);
  const holding =
    exampleKey === undefined
      ? undefined
      : operation.responses.find((r) => /^[45]\d\d$/.test(r.code) && named(r) !== undefined);
  const response = holding ?? operation.responses.find((r) => r.code === "404");
  const example = (holding === undefined ? response?.contents?.[0]?.examples?.[0] : named(holding)) as
    | { value?: unknown }
    | undefined;

  const value = example?.value as { detail?: string; parameters?: unknown[]; errorCode?: string } | undefined;
  if (response === undefined || value?.errorCode === undefined) {
    return fail(404, "RESOURCE_NOT_FOUND", `Cannot find resource ${clip(id)}.`, { pretty });
  }
  const exampleId = typeof value.parameters?.[0] === "string" ? value.parameters[0] : undefined;
  const swap = (text: string) => (exampleId === undefined ? text : text.split(exampleId).join(id));
  return errorResponse(
    apiError(Number(response.code), value.errorCode, swap(value.detail ?? "Not Found."), {
      parameters: (value.parameters ?? []).map((p) => (typeof p === "string" ? swap(p) : p)),
    }),
    { pretty },
  );
}

/** A path template with its parameters filled from a request's (still encoded) values. */
function fill(template: string, parameters: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => parameters[name] ?? whole);
}

function unreadable(
  body: { kind: "malformed-json"; message: string } | { kind: "too-large" | "timeout" | "aborted" },
  limits: { limitBytes: number; timeoutMs: number },
  pretty: boolean,
): MockResponse {
  switch (body.kind) {
    case "aborted":
      // The client went away: nobody to answer.
      return { status: 400, headers: {}, body: undefined, close: true };
    case "timeout":
      return fail(408, "REQUEST_TIMEOUT", `The request body did not arrive within ${limits.timeoutMs} ms.`, {
        pretty,
        close: true,
      });
    case "too-large":
      return fail(413, "REQUEST_TOO_LARGE", `The request body exceeds ${limits.limitBytes} bytes.`, {
        pretty,
        close: true,
      });
    case "malformed-json":
      return fail(400, "MALFORMED_REQUEST", `The request body is not valid JSON: ${clip(body.message)}`, {
        pretty,
      });
  }
}

function buildFromRequest(
  operation: PrismOperation,
  status: number,
  example: unknown,
  context: Parameters<typeof buildResponse>[2],
): unknown {
  const response = operation.responses.find((r) => r.code === String(status));
  const schema = response?.contents?.find((c) => c.mediaType === "application/json")?.schema;
  return buildsFromRequest(schema)
    ? buildResponse(schema as Record<string, unknown>, example, context)
    : example;
}

/** Prism's problem+json errors (an undefined `Prefer: code`, …) as `ApiError`s. */
function prismErrorToApiError(error: PrismError) {
  const status = error.status ?? 500;
  const type = error.name.split("#")[1] ?? "UNEXPECTED_ERROR";
  const errorCode = type.startsWith("NO_")
    ? "RESOURCE_NOT_FOUND"
    : status === 500
      ? "UNEXPECTED_ERROR"
      : type;
  return apiError(status, errorCode, error.detail ?? error.message);
}

function serialize(body: unknown, pretty: boolean): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string") return body;
  return serializeJson(body, pretty);
}

function decodedParameters(raw: Readonly<Record<string, string>>): Record<string, string> {
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value; // refused in stage 7 unless an error status was asked for
    }
  };
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, decode(value)]));
}

function flatQuery(query: Readonly<Record<string, string | readonly string[]>>): [string, string][] {
  return Object.entries(query).flatMap(([name, value]) =>
    (typeof value === "string" ? [value] : value).map((v): [string, string] => [name, v]),
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

function clip(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}…`;
}
