import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

export type BodyResult =
  | { readonly kind: "ok"; readonly body: unknown }
  | { readonly kind: "malformed-json"; readonly message: string }
  /** Over the limit: declared so, or read past it (the rest is not read). */
  | { readonly kind: "too-large" }
  /** The body did not arrive in full before the deadline. */
  | { readonly kind: "timeout" }
  /** The client closed or reset the connection before the body ended. */
  | { readonly kind: "aborted" };

export interface ReadBodyOptions {
  readonly limitBytes: number;
  /** Deadline for the whole body, counted from the start of reading. */
  readonly timeoutMs: number;
}

/** The bytes of a request body, read on demand (never before the request is authenticated). */
export interface BodySource {
  /** Reads the whole body within the limit and the deadline. */
  collect(options: ReadBodyOptions): Promise<Collected>;
}

/** Whether the request's head announces a body (RFC 9112 §6.3). */
export function announcesBody(headers: IncomingHttpHeaders): boolean {
  const declared = headers["content-length"];
  return declared === undefined ? headers["transfer-encoding"] !== undefined : declared !== "0";
}

/**
 * Reads the whole request body and parses JSON ourselves rather than leaving it to Prism, which
 * hung on malformed JSON in some releases. No body gives `null`, as Prism's own server passes;
 * a non-JSON media type is passed on as text so Prism can answer 415.
 *
 * Reading stops as soon as the body passes the limit or the deadline, so the caller can answer at
 * once and close the connection.
 */
export async function readBody(
  headers: IncomingHttpHeaders,
  source: BodySource,
  options: ReadBodyOptions,
): Promise<BodyResult> {
  if (!announcesBody(headers)) return { kind: "ok", body: null };
  const declared = headers["content-length"];
  if (declared !== undefined && Number(declared) > options.limitBytes) return { kind: "too-large" };

  const raw = await source.collect(options);
  if (raw.kind !== "ok") return raw;
  const contentType = headers["content-type"];
  if (raw.bytes.length === 0) return { kind: "ok", body: null };
  // Any other media type (or none) is passed on as text: negotiation answers it with 415.
  if (contentType === undefined || !isJsonMediaType(contentType))
    return { kind: "ok", body: raw.bytes.toString("utf8") };
  // RFC 8259 §8.1: JSON exchanged between systems is UTF-8; other bytes are not a JSON text. A
  // leading byte order mark may be ignored, and is.
  let text: string;
  try {
    text = UTF8.decode(raw.bytes);
  } catch {
    return { kind: "malformed-json", message: "the body is not UTF-8 (RFC 8259 §8.1)" };
  }
  if (text.length === 0) return { kind: "ok", body: null };
  try {
    return { kind: "ok", body: JSON.parse(text) };
  } catch (error) {
    return { kind: "malformed-json", message: (error as Error).message };
  }
}

export type Collected =
  | { readonly kind: "ok"; readonly bytes: Buffer }
  | { readonly kind: "too-large" }
  | { readonly kind: "timeout" }
  | { readonly kind: "aborted" };

/** A node:http request's body as a `BodySource`. */
export function incomingBody(req: IncomingMessage): BodySource {
  return { collect: (options) => collect(req, options) };
}

function collect(req: IncomingMessage, { limitBytes, timeoutMs }: ReadBodyOptions): Promise<Collected> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) finish({ kind: "too-large" });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: "ok", bytes: Buffer.concat(chunks, size) });
    // `error` ("aborted", ECONNRESET) or `close` before `end`: the client went away mid-body.
    const onAbort = (): void => finish({ kind: "aborted" });
    const timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);
    const finish = (result: Collected): void => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
      // Stop reading: what is left of an oversized or late body is never looked at.
      if (result.kind !== "ok") req.pause();
      resolve(result);
    };
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** `type/subtype` and parameters of a Content-Type, lower-cased; undefined when unreadable. */
function parseMediaType(contentType: string): { type: string; parameters: Map<string, string> } | undefined {
  const [type = "", ...rest] = contentType.split(";");
  const parameters = new Map<string, string>();
  for (const parameter of rest) {
    const equals = parameter.indexOf("=");
    if (equals === -1) continue;
    const value = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    parameters.set(parameter.slice(0, equals).trim().toLowerCase(), value.toLowerCase());
  }
  const trimmed = type.trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(trimmed) ? { type: trimmed, parameters } : undefined;
}

/**
 * Whether the request's Content-Type is one of the operation's media types: the same
 * `type/subtype` (case-insensitive), any parameters, but a `charset` only if it is UTF-8 (the only
 * encoding of JSON, RFC 8259 §8.1). `application/merge-patch+json` or a versioned vendor type is
 * another media type, not `application/json`.
 */
export function acceptsMediaType(accepted: readonly string[], contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const parsed = parseMediaType(contentType);
  if (parsed === undefined) return false;
  const charset = parsed.parameters.get("charset");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return false;
  return accepted.some((mediaType) => parseMediaType(mediaType)?.type === parsed.type);
}

/** Only `application/json` bodies are parsed; anything else is passed on as text and gets 415. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  return acceptsMediaType(["application/json"], contentType);
}
