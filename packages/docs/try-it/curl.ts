/**
 * "Copy as curl": the request the panel would send, with the credentials as shell variables and
 * never their values (`--digest --user "$ATLAS_PUBLIC_KEY:$ATLAS_PRIVATE_KEY"`, or a token got
 * with `$ATLAS_CLIENT_ID:$ATLAS_CLIENT_SECRET`).
 */
import type { OutgoingRequest } from "./send.js";

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/** The curl command line of `request`; `tokenUrl` is where a service account's token comes from. */
export function curlCommand(
  request: OutgoingRequest,
  kind: "digest" | "service-account",
  tokenUrl: string | undefined,
): string {
  const lines: string[] = [];
  if (kind === "digest") lines.push('--digest --user "$ATLAS_PUBLIC_KEY:$ATLAS_PRIVATE_KEY"');
  else lines.push('--header "Authorization: Bearer $ATLAS_ACCESS_TOKEN"');
  lines.push('--header "Accept: application/json"');
  if (request.body !== undefined) lines.push('--header "Content-Type: application/json"');
  if (request.prefer) lines.push(`--header ${shellQuote(`Prefer: ${request.prefer}`)}`);
  lines.push(`--request ${request.method}`);
  if (request.body !== undefined) lines.push(`--data ${shellQuote(request.body)}`);
  lines.push(shellQuote(request.url));
  const call = `curl ${lines.join(" \\\n  ")}`;
  if (kind === "digest" || tokenUrl === undefined) return call;
  return `ATLAS_ACCESS_TOKEN=$(curl --silent --user "$ATLAS_CLIENT_ID:$ATLAS_CLIENT_SECRET" \\
  --data grant_type=client_credentials ${shellQuote(tokenUrl)} \\
  | sed -E 's/.*"access_token" *: *"([^"]+)".*/\\1/')
${call}`;
}
