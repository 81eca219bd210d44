/** @atlas-admin/digest/server: issues Digest challenges and verifies credentials (RFC 7616). */
export { formatDigestChallenge } from "./challenge.js";
export {
  DEFAULT_MAX_NONCES,
  NC_WINDOW,
  NonceStore,
  type NonceStoreOptions,
  type NonceUse,
} from "./nonce-store.js";
export { type DigestResult, DigestVerifier, type DigestVerifierOptions } from "./verify.js";
