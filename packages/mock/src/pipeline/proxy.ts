/**
 * The validating proxy: the mock's pipeline with the upstream in place of Prism's mocker. Stages,
 * in order:
 *
 *   1. request target   origin form only, else 400 (nothing is forwarded)
 *   2. read body        the bytes, within the size limit (413) and the deadline (408)
 *   3. route            once; an unknown path is forwarded and reported
 *   4. validate input   Ajv, as the mock judges requests: each broken rule is a finding
 *   5. forward          method, target, headers (less X-Atlas-Contract-Deliberate) and bytes
 *                       unchanged (src/pipeline/forward.ts)
 *   6. validate output  the status, Content-Type and body against the operation's responses
 *   7. report           every exchange counted; one JSON line per exchange with findings
 *                       (src/pipeline/findings-report.ts)
 *
 * The client gets the upstream's answer unchanged whatever the findings and whatever becomes of
 * the report; only an upstream that cannot be reached, is not HTTP, answers a status that is not
 * a final one (000, 099, 101), answers too late or too much gets a 502/504 `ApiError` of the
 * proxy's own. The token endpoints are forwarded without validation (they are not in the API's
 * spec). A request the upstream answers with 401 (a challenge) is not judged. The header
 * `X-Atlas-Contract-Deliberate` marks a request broken on purpose: its findings are counted apart,
 * and it is not forwarded.
 */
import { InputValidator } from "../atlas/validate-input.js";
import { type Finding, OutputValidator } from "../atlas/validate-output.js";
import { isOAuthPath } from "../oauth/endpoints.js";
import { RouteIndex } from "../prism/route.js";
import type { PrismOperation } from "../prism/types.js";
import { DELIBERATE_HEADER, type FindingsReport } from "./findings-report.js";
import { endToEndHeaders, forward } from "./forward.js";
import type { Pipeline } from "./pipeline.js";
import { announcesBody } from "./read-body.js";
import { apiPrefixOf, parseRequestTarget } from "./request-target.js";
import { fail, type MockResponse } from "./respond.js";

export interface ProxyOptions {
  readonly operations: readonly PrismOperation[];
  /** The upstream's origin: the request target is forwarded unchanged, so it has no path. */
  readonly upstream: URL;
  /** Counts every exchange and writes those with findings; closed with the pipeline. */
  readonly report: FindingsReport;
  readonly bodyLimitBytes: number;
  readonly bodyTimeoutMs: number;
  /** Largest upstream answer passed on, in bytes. */
  readonly upstreamLimitBytes: number;
  /** Deadline for the upstream's whole answer, in ms. */
  readonly upstreamTimeoutMs: number;
}

/** The proxy's pipeline; its `close` closes the report (the summary line). */
export function createProxyPipeline(options: ProxyOptions): Pipeline {
  const { operations, upstream, report } = options;
  const apiPrefix = apiPrefixOf(operations);
  const routes = new RouteIndex(operations);
  const inputs = new InputValidator();
  const outputs = new OutputValidator();

  const pipeline = async (request: Parameters<Pipeline>[0]): Promise<MockResponse> => {
    const { method } = request;
    const { [DELIBERATE_HEADER]: marker, ...headers } = request.headers;
    const deliberate = (Array.isArray(marker) ? marker.join("") : (marker ?? "")).trim() !== "";
    // 1. request target
    const parsed = parseRequestTarget(request.target, apiPrefix);
    if (!parsed.ok) return parsed.response;
    const { path, query } = parsed.target;

    // 2. read body
    let bytes: Buffer = Buffer.alloc(0);
    if (announcesBody(headers)) {
      const declared = Number(headers["content-length"] ?? 0);
      const collected =
        declared > options.bodyLimitBytes
          ? { kind: "too-large" as const }
          : await request.body.collect({
              limitBytes: options.bodyLimitBytes,
              timeoutMs: options.bodyTimeoutMs,
            });
      if (collected.kind === "aborted") return { status: 400, headers: {}, body: undefined, close: true };
      if (collected.kind === "too-large")
        return fail(413, "REQUEST_TOO_LARGE", `The request body exceeds ${options.bodyLimitBytes} bytes.`, {
          close: true,
        });
      if (collected.kind === "timeout")
        return fail(
          408,
          "REQUEST_TIMEOUT",
          `The request body did not arrive within ${options.bodyTimeoutMs} ms.`,
          {
            close: true,
          },
        );
      bytes = collected.bytes;
    }

    // 3. route
    const route = isOAuthPath(path) ? undefined : routes.find(method, path);
    const found = route?.kind === "found" ? route : undefined;
    let findings: Finding[] = [];
    if (route !== undefined && found === undefined) {
      findings.push({
        location: "request",
        pointer: "",
        rule: route.kind === "no-method" ? "undeclared-method" : "unknown-path",
        message:
          route.kind === "no-method"
            ? `the spec has no ${method} for this path; it has ${route.allow.join(", ")}`
            : "the spec has no operation with this path",
      });
    }

    // 4. validate input
    if (found !== undefined) {
      const body = bytes.length === 0 ? { ok: true as const, value: null } : parseJson(bytes);
      if (!body.ok)
        findings.push({
          location: "request",
          pointer: "",
          rule: "malformed-json",
          message: "the body is not UTF-8 JSON",
        });
      else {
        for (const violation of inputs.validate(found.operation, {
          path: found.parameters,
          query,
          body: body.value,
        })) {
          findings.push({
            location: "request",
            pointer: `/${violation.location}${violation.pointer}`,
            rule: violation.keyword,
            message: violation.message,
          });
        }
      }
    }

    // 5. forward
    const forwarded = await forward(
      { upstream, limitBytes: options.upstreamLimitBytes, timeoutMs: options.upstreamTimeoutMs },
      { method, target: request.target, headers, body: bytes },
    );
    let response: MockResponse;
    let complete = true;
    if (!forwarded.ok) {
      const status = forwarded.reason === "timeout" ? 504 : 502;
      response = fail(
        status,
        status === 504 ? "GATEWAY_TIMEOUT" : "BAD_GATEWAY",
        `The proxy's upstream failed: ${forwarded.detail}.`,
      );
      findings.push({
        location: "response",
        pointer: "",
        rule: `upstream-${forwarded.reason}`,
        message: forwarded.detail,
      });
    } else {
      const { answer } = forwarded;
      // A 401 is the upstream's challenge (a Digest client's first, unsigned request, often sent
      // without its body): the request was never judged, so neither is it here.
      if (answer.status === 401) findings = findings.filter((f) => f.location !== "request");
      // 6. validate output (a loop, not a spread: an answer can have any number of findings)
      if (found !== undefined) {
        const checked = outputs.check(found.operation, answer);
        complete = checked.complete;
        for (const finding of checked.findings) findings.push(finding);
      }
      response = {
        status: answer.status,
        headers: {},
        rawHeaders: endToEndHeaders(answer.rawHeaders),
        body: answer.body,
      };
    }

    // 7. report
    report.record({
      operationId: found?.operation.iid ?? null,
      method,
      path: found?.operation.path ?? path,
      status: response.status,
      deliberate,
      violations: findings,
      complete,
    });
    return response;
  };
  return Object.assign(pipeline, { close: () => report.close() });
}

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false };
  }
}
