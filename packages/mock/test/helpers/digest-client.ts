/**
 * A Digest client written for the tests from RFC 7616 with node:crypto, independent of the mock's
 * verifier, so that a bug in one cannot hide a bug in the other.
 */
import { createHash, randomBytes } from "node:crypto";

export const PUBLIC_KEY = "test-public";
export const PRIVATE_KEY = "11111111-2222-4333-8444-555555555555";
export const REALM = "MMS Public API";
export const ORG_ID = "5980cfc70b6d12029d82e3f6";
export const API_KEYS_PATH = `/orgs/${ORG_ID}/apiKeys`;
export const LINK_TOKENS_PATH = `/orgs/${ORG_ID}/liveMigrations/linkTokens`;

export interface Challenge {
  readonly header: string;
  readonly params: Record<string, string>;
}

/** Reads the challenge of a 401 response. */
export function readChallenge(response: Response): Challenge {
  const header = response.headers.get("www-authenticate");
  if (header === null) throw new Error(`No WWW-Authenticate header on a ${response.status}`);
  const params: Record<string, string> = {};
  for (const [, name, quoted, bare] of header.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) {
    params[name as string] = quoted ?? bare ?? "";
  }
  return { header, params };
}

/** Asks the server for a nonce with an unsigned request. */
export async function fetchChallenge(baseUrl: string, path = API_KEYS_PATH): Promise<Challenge> {
  const response = await fetch(baseUrl + path, { method: "POST" });
  await response.arrayBuffer();
  if (response.status !== 401) throw new Error(`Expected a 401 challenge, got ${response.status}`);
  return readChallenge(response);
}

export interface SignInput {
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  readonly nc?: number;
  readonly username?: string;
  readonly password?: string;
  readonly realm?: string;
  readonly cnonce?: string;
}

/** RFC 7616 §3.4.1 with MD5 and qop=auth. */
export function authorization(input: SignInput): string {
  const username = input.username ?? PUBLIC_KEY;
  const realm = input.realm ?? REALM;
  const nc = (input.nc ?? 1).toString(16).padStart(8, "0");
  const cnonce = input.cnonce ?? randomBytes(8).toString("hex");
  const ha1 = md5(`${username}:${realm}:${input.password ?? PRIVATE_KEY}`);
  const ha2 = md5(`${input.method}:${input.uri}`);
  const response = md5(`${ha1}:${input.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return (
    `Digest username="${username}", realm="${realm}", nonce="${input.nonce}", uri="${input.uri}", ` +
    `algorithm=MD5, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`
  );
}

export interface SignedRequest {
  readonly method?: string;
  /** A string body gets `Content-Type: text/plain` from fetch when `contentType` is null; an untyped Blob gets none. */
  readonly body?: string | Blob;
  readonly contentType?: string | null;
  readonly headers?: Record<string, string>;
}

/** Challenge, then the signed request: two round trips, like MongoDB's Go SDK. */
export async function signedFetch(
  baseUrl: string,
  path: string,
  request: SignedRequest = {},
): Promise<Response> {
  const method = request.method ?? "POST";
  const { params } = await fetchChallenge(baseUrl);
  const headers: Record<string, string> = {
    ...request.headers,
    Authorization: authorization({ method, uri: path, nonce: params.nonce as string }),
  };
  if (request.contentType !== null) headers["Content-Type"] = request.contentType ?? "application/json";
  return fetch(baseUrl + path, { method, headers, body: request.body });
}

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}
