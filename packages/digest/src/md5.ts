/**
 * MD5 (RFC 1321), for HTTP Digest only: WebCrypto has SHA-256 but no MD5, and this keeps the
 * browser bundle free of a dependency. Tested against the RFC 1321 §A.5 test suite.
 */

// T[i] = floor(abs(sin(i + 1)) * 2^32) (RFC 1321 §3.4). Every product is at least 0.015 away from
// an integer, so any sin() accurate to ~1e-12 yields the exact table.
const T = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}

/** MD5 of the bytes, as 32 lowercase hex digits. */
export function md5Hex(bytes: Uint8Array): string {
  const length = bytes.length;
  // The message as little-endian 32-bit words, padded (§3.1) and with its bit length appended (§3.2).
  const m = new Int32Array((((length + 8) >> 6) + 1) << 4);
  const byte = (i: number) => (i < length ? (bytes[i] as number) : i === length ? 0x80 : 0);
  for (let j = 0, i = 0; i <= length; j++, i += 4) {
    m[j] = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
  }
  m[m.length - 2] = length << 3;
  m[m.length - 1] = length >>> 29;

  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let offset = 0; offset < m.length; offset += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      const round = i >> 4;
      let f: number;
      let g: number;
      if (round === 0) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (round === 1) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (round === 2) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + (T[i] as number) + (m[offset + g] as number)) | 0;
      const s = S[(round << 2) | (i & 3)] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  // The digest is a0, b0, c0, d0 as little-endian bytes (§3.5).
  const digest = new Uint8Array(16);
  for (const [i, word] of [a0, b0, c0, d0].entries()) {
    for (let k = 0; k < 4; k++) digest[i * 4 + k] = word >>> (k * 8);
  }
  return toHex(digest);
}
