/**
 * Picks the Digest challenge a client can answer (RFC 7616 §3.3, §3.7: the first usable one in
 * the server's order) from a `WWW-Authenticate` value.
 */
import { parseAuthHeader } from "../auth-params.js";
import { DigestError } from "../errors.js";
import { type DigestAlgorithm, parseAlgorithm } from "../hash.js";

/** A usable Digest challenge (qop=auth is the only protection this package signs). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  algorithm: DigestAlgorithm;
  qop: "auth";
  /** `stale=true`: the credentials were right but the nonce expired (§3.3). */
  stale: boolean;
  userhash: boolean;
}

/**
 * The first Digest challenge in `header` that can be answered, or `undefined` when the header is
 * absent or has no Digest challenge.
 * @throws DigestError when the header is malformed, or has Digest challenges but none that can be
 *   answered correctly (auth-int only, no qop, unknown algorithm, no realm or nonce).
 */
export function selectDigestChallenge(header: string | null): DigestChallenge | undefined {
  if (!header) return undefined;
  const digests = parseAuthHeader(header).filter((c) => c.scheme.toLowerCase() === "digest");
  if (digests.length === 0) return undefined;
  const problems: string[] = [];
  for (const { params } of digests) {
    const algorithm = parseAlgorithm(params.algorithm);
    const qops = (params.qop ?? "").split(",").map((q) => q.trim().toLowerCase());
    if (params.realm === undefined || !params.nonce) problems.push("realm or nonce missing");
    else if (!algorithm) problems.push(`unsupported algorithm ${params.algorithm}`);
    else if (!qops.includes("auth"))
      problems.push(
        params.qop
          ? `unsupported qop "${params.qop}" (only "auth")`
          : 'no qop (RFC 2069 mode); "auth" required',
      );
    else
      return {
        realm: params.realm,
        nonce: params.nonce,
        opaque: params.opaque,
        algorithm,
        qop: "auth",
        stale: params.stale?.toLowerCase() === "true",
        userhash: params.userhash?.toLowerCase() === "true",
      };
  }
  throw new DigestError(`Cannot answer the server's Digest challenge: ${problems.join("; ")}`);
}
