/**
 * The hash functions of RFC 7616 §3.2 (`algorithm`): MD5 computed synchronously here (WebCrypto
 * has none), SHA-256 from WebCrypto. Both return lowercase hex; `-sess` variants use the same hash.
 */
import { md5Hex, toHex } from "./md5.js";

/** The `algorithm` values this package answers and verifies (RFC 7616 §3.2, §6.1). */
export type DigestAlgorithm = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess";

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess"];

const encoder = new TextEncoder();

/** H(text) for `algorithm`: a string for MD5 (synchronous), a promise for SHA-256. */
export function digestHash(algorithm: DigestAlgorithm, text: string): string | Promise<string> {
  const bytes = encoder.encode(text);
  if (algorithm.startsWith("MD5")) return md5Hex(bytes);
  return crypto.subtle.digest("SHA-256", bytes).then((digest) => toHex(new Uint8Array(digest)));
}

/** The algorithm named by a header parameter (case-insensitive; absent means MD5), or undefined. */
export function parseAlgorithm(value: string | undefined): DigestAlgorithm | undefined {
  const name = (value ?? "MD5").toLowerCase();
  return DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === name);
}

export { md5Hex, toHex };
