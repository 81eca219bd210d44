/**
 * Computes the Digest `Authorization` header (RFC 7616 §3.4): response, -sess A1 (§3.4.2),
 * A2 for qop=auth (§3.4.3), userhash (§3.4.4). Hashing comes from the platform: WebCrypto for
 * SHA-256, ./md5.ts for MD5 (WebCrypto has none).
 */
import { AtlasDigestError } from "../errors.js";
import type { DigestChallenge } from "./challenge.js";
import { md5Hex, toHex } from "./md5.js";

export interface DigestCredentials {
  username: string;
  password: string;
}

export interface SignInput {
  challenge: DigestChallenge;
  method: string;
  /** request-target: path plus query string (RFC 7616 §3.4.6). */
  uri: string;
  /** Nonce count: how many requests this client signed with this nonce, this one included. */
  nc: number;
  cnonce: string;
  /** H(username:realm:password) for this challenge's algorithm, when already known (see hashA1). */
  ha1?: string | Promise<string>;
}

const encoder = new TextEncoder();

/** MD5 is computed synchronously; SHA-256 comes from WebCrypto, which is asynchronous. */
function hash(algorithm: DigestChallenge["algorithm"], text: string): string | Promise<string> {
  const bytes = encoder.encode(text);
  if (algorithm.startsWith("MD5")) return md5Hex(bytes);
  return crypto.subtle.digest("SHA-256", bytes).then((digest) => toHex(new Uint8Array(digest)));
}

/** H(username:realm:password): the same for every nonce of a realm, so it can be computed once. */
export const hashA1 = (credentials: DigestCredentials, challenge: DigestChallenge) =>
  hash(challenge.algorithm, `${credentials.username}:${challenge.realm}:${credentials.password}`);

// Random bytes are drawn from the platform's CSPRNG in blocks and each byte is used once.
const random = new Uint8Array(1024);
let used = random.length;

/** 16 random bytes as hex, from the platform's CSPRNG. */
export function createCnonce(): string {
  if (used === random.length) {
    crypto.getRandomValues(random);
    used = 0;
  }
  used += 16;
  return toHex(random.subarray(used - 16, used));
}

const quote = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;

export async function signDigest(credentials: DigestCredentials, input: SignInput): Promise<string> {
  const { challenge, method, uri, nc, cnonce } = input;
  const { algorithm, realm, nonce } = challenge;
  const ncHex = nc.toString(16).padStart(8, "0");
  let ha1 = await (input.ha1 ?? hashA1(credentials, challenge));
  if (algorithm.endsWith("-sess")) ha1 = await hash(algorithm, `${ha1}:${nonce}:${cnonce}`);
  const ha2 = await hash(algorithm, `${method}:${uri}`);
  const response = await hash(algorithm, `${ha1}:${nonce}:${ncHex}:${cnonce}:auth:${ha2}`);

  let username = credentials.username;
  if (challenge.userhash) username = await hash(algorithm, `${username}:${realm}`);
  else if (!/^[\x20-\x7e]*$/.test(username))
    throw new AtlasDigestError("The public key must be printable ASCII (username* is not supported)");

  let header = `Digest username=${quote(username)}, realm=${quote(realm)}, nonce=${quote(nonce)}, uri=${quote(uri)}, algorithm=${algorithm}, qop=auth, nc=${ncHex}, cnonce=${quote(cnonce)}, response=${quote(response)}`;
  if (challenge.opaque !== undefined) header += `, opaque=${quote(challenge.opaque)}`;
  if (challenge.userhash) header += ", userhash=true";
  return header;
}
