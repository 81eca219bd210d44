/**
 * @atlas-admin/digest: HTTP Digest access authentication (RFC 7616). This entry holds what both
 * sides share (grammar, hashes, the response formula); `./client` signs requests and `./server`
 * issues challenges and verifies credentials.
 */
export { type AuthParams, parseAuthHeader, quote } from "./auth-params.js";
export { DigestError } from "./errors.js";
export {
  DIGEST_ALGORITHMS,
  type DigestAlgorithm,
  digestHash,
  md5Hex,
  parseAlgorithm,
  toHex,
} from "./hash.js";
export {
  type DigestResponseInput,
  digestResponse,
  formatNonceCount,
  hashA1,
  hashUsername,
} from "./response.js";
