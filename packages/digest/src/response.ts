/**
 * The Digest response formula, qop=auth only (RFC 7616 §3.4.1–§3.4.3): the one place where client
 * and server compute
 *   response = KD(H(A1), nonce:nc:cnonce:qop:H(A2)), A2 = method:uri,
 *   A1 = username:realm:password, or H(that):nonce:cnonce for `-sess` algorithms.
 */
import { type DigestAlgorithm, digestHash } from "./hash.js";

/** H(username:realm:password) (RFC 7616 §3.4.2): the same for every nonce of a realm. */
export const hashA1 = (
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string | Promise<string> => digestHash(algorithm, `${username}:${realm}:${password}`);

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  /** H(username:realm:password), from hashA1 (before the `-sess` step, which is applied here). */
  ha1: string;
  nonce: string;
  /** Nonce count as sent: 8 hexadecimal digits (see formatNonceCount). */
  nc: string;
  cnonce: string;
  /** Request method, as sent on the request line. */
  method: string;
  /** The `uri` parameter: the request-target (RFC 7616 §3.4.6). */
  uri: string;
}

/** The `response` parameter: 32 (MD5) or 64 (SHA-256) lowercase hex digits. */
export async function digestResponse(input: DigestResponseInput): Promise<string> {
  const { algorithm, nonce, nc, cnonce } = input;
  const ha1 = algorithm.endsWith("-sess")
    ? await digestHash(algorithm, `${input.ha1}:${nonce}:${cnonce}`)
    : input.ha1;
  const ha2 = await digestHash(algorithm, `${input.method}:${input.uri}`);
  return digestHash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
}

/** The `nc` parameter for a count (1 … 2^32-1): 8 lowercase hex digits (RFC 7616 §3.4). */
export const formatNonceCount = (nc: number): string => nc.toString(16).padStart(8, "0");

/** The username to send or expect when the challenge has `userhash=true`: H(username:realm) (§3.4.4). */
export const hashUsername = (algorithm: DigestAlgorithm, username: string, realm: string) =>
  digestHash(algorithm, `${username}:${realm}`);
