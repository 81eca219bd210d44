/** A Digest header that is malformed, or a challenge this implementation cannot answer. */
export class DigestError extends Error {
  override name = "DigestError";
}
