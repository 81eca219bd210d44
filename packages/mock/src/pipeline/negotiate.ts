import type { IncomingHttpHeaders } from "node:http";
import { type ApiError, apiError } from "../atlas/api-error.js";
import type { PrismOperation } from "../prism/types.js";
import { acceptsMediaType } from "./read-body.js";

/**
 * Content negotiation for a routed request: a body whose Content-Type the operation does not take
 * is a 415 (RFC 9110 §15.5.16); an Accept that none of its responses meets is a 406 (§15.5.7).
 */
export function negotiate(
  operation: PrismOperation,
  headers: IncomingHttpHeaders,
  hasBody: boolean,
): ApiError | undefined {
  const bodyMediaTypes = (operation.request?.body?.contents ?? []).map((content) => content.mediaType);
  const contentType = headers["content-type"];
  if (hasBody && contentType === undefined) {
    return apiError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `The request has a body but no Content-Type header; send Content-Type: ${bodyMediaTypes[0] ?? "application/json"}.`,
    );
  }
  if (hasBody && !acceptsMediaType(bodyMediaTypes, contentType)) {
    return apiError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Type ${clip(contentType ?? "(none)")} is not accepted; send ${bodyMediaTypes.join(" or ") || "no body"}.`,
    );
  }
  const produced = [
    ...new Set(operation.responses.flatMap((r) => (r.contents ?? []).map((c) => c.mediaType))),
  ];
  const accept = headers.accept;
  if (accept !== undefined && produced.length > 0 && !produced.some((type) => accepts(accept, type))) {
    return apiError(406, "NOT_ACCEPTABLE", `Accept: ${clip(accept)} accepts none of ${produced.join(", ")}.`);
  }
  return undefined;
}

/** Whether an Accept header (RFC 9110 §12.5.1) takes `mediaType`: a range with q > 0 that matches. */
function accepts(accept: string, mediaType: string): boolean {
  const [type, subtype] = mediaType.toLowerCase().split("/");
  return accept.split(",").some((range) => {
    const [name = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith("q="));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    const [rangeType, rangeSubtype] = name.split("/");
    return name === "*/*" || (rangeType === type && (rangeSubtype === "*" || rangeSubtype === subtype));
  });
}

function clip(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}…`;
}
