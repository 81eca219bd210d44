/** Writes the Digest `Authorization` credentials (RFC 7616 §3.4) for one request. */
import { quote } from "../auth-params.js";
import { DigestError } from "../errors.js";
import { toHex } from "../hash.js";
import { digestResponse, formatNonceCount, hashA1, hashUsername } from "../response.js";
import type { DigestChallenge } from "./challenge.js";

export interface DigestCredentials {
  username: string;
  password: string;
}

export interface AuthorizationInput {
  challenge: DigestChallenge;
  method: string;
  /** request-target: path plus query string (RFC 7616 §3.4.6). */
  uri: string;
  /** Nonce count: how many requests were signed with this nonce, this one included (1 … 2^32-1). */
  nc: number;
  cnonce: string;
  /** H(A1) for this challenge's realm and algorithm, when already known (see hashA1). */
  ha1?: string | Promise<string>;
}

// Random bytes are drawn from the platform's CSPRNG in blocks and each byte is used once.
const random = new Uint8Array(1024);
let used = random.length;

/** A client nonce: 16 random bytes from the platform's CSPRNG, as 32 hex digits. */
export function createCnonce(): string {
  if (used === random.length) {
    crypto.getRandomValues(random);
    used = 0;
  }
  used += 16;
  return toHex(random.subarray(used - 16, used));
}

/**
 * The `Authorization` header value, such as
 * `Digest username="…", realm="…", nonce="…", uri="/…", algorithm=MD5, qop=auth, nc=00000001, cnonce="…", response="…"`.
 * @throws DigestError when the username is not printable ASCII and the challenge has no userhash
 *   (the `username*` form of RFC 7616 §3.4.4 is not supported). The message never quotes it.
 */
export async function formatAuthorization(
  credentials: DigestCredentials,
  input: AuthorizationInput,
): Promise<string> {
  const { challenge, method, uri, cnonce } = input;
  const { algorithm, realm, nonce } = challenge;
  let username = credentials.username;
  if (challenge.userhash) username = await hashUsername(algorithm, username, realm);
  else if (!/^[\x20-\x7e]*$/.test(username))
    throw new DigestError("The Digest username must be printable ASCII (username* is not supported)");
  const nc = formatNonceCount(input.nc);
  const ha1 = await (input.ha1 ?? hashA1(algorithm, credentials.username, realm, credentials.password));
  const response = await digestResponse({ algorithm, ha1, nonce, nc, cnonce, method, uri });

  let header = `Digest username=${quote(username)}, realm=${quote(realm)}, nonce=${quote(nonce)}, uri=${quote(uri)}, algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce=${quote(cnonce)}, response=${quote(response)}`;
  if (challenge.opaque !== undefined) header += `, opaque=${quote(challenge.opaque)}`;
  if (challenge.userhash) header += ", userhash=true";
  return header;
}
