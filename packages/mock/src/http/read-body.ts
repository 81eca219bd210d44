import type { IncomingMessage } from "node:http";

export type BodyResult =
  | { readonly kind: "ok"; readonly body: unknown }
  | { readonly kind: "malformed-json"; readonly message: string }
  | { readonly kind: "too-large" };

/**
 * Reads the whole request body and parses JSON ourselves rather than leaving it to Prism, which
 * hung on malformed JSON in some releases. No body gives `null`, as Prism's own server passes;
 * a non-JSON media type is passed on as text so Prism can answer 415.
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const declared = req.headers["content-length"];
  if (declared === "0" || (declared === undefined && req.headers["transfer-encoding"] === undefined)) {
    return { kind: "ok", body: null };
  }
  if (declared !== undefined && Number(declared) > limitBytes) return { kind: "too-large" };

  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early would destroy the socket before the 413 is written: drain instead.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limitBytes) chunks.push(chunk);
  }
  if (size > limitBytes) return { kind: "too-large" };
  const text =
    chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8");
  if (!isJsonMediaType(req.headers["content-type"])) return { kind: "ok", body: text };
  if (text.length === 0) return { kind: "ok", body: null };
  try {
    return { kind: "ok", body: JSON.parse(text) };
  } catch (error) {
    return { kind: "malformed-json", message: (error as Error).message };
  }
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semicolon = contentType.indexOf(";");
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return (
    mediaType === "application/json" || (mediaType.startsWith("application/") && mediaType.endsWith("+json"))
  );
}
