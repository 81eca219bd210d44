/** @atlas-admin/digest/client: signs requests with HTTP Digest (RFC 7616), keeping nonces between calls. */

export { DigestError } from "../errors.js";
export {
  type AuthorizationInput,
  createCnonce,
  type DigestCredentials,
  formatAuthorization,
} from "./authorization.js";
export { type DigestChallenge, selectDigestChallenge } from "./challenge.js";
export { createDigestSigner, type DigestSigner, type Send } from "./signer.js";
