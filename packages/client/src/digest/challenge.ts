/**
 * Parses `WWW-Authenticate` (RFC 9110 §11.6.1, §11.2: one or more challenges, each an auth-scheme
 * followed by a token68 or by auth-params whose values are tokens or quoted-strings) and picks the
 * Digest challenge this client can answer (RFC 7616 §3.3).
 */
import { AtlasDigestError } from "../errors.js";

export interface AuthChallenge {
  scheme: string;
  /** Parameter names lower-cased; quoted-string values unescaped. */
  params: Record<string, string>;
}

export type DigestAlgorithm = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess";

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  algorithm: DigestAlgorithm;
  qop: "auth";
  stale: boolean;
  userhash: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;
const ALGORITHMS: readonly DigestAlgorithm[] = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess"];

export function parseChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let current: AuthChallenge | undefined;
  let i = 0;
  const fail = (why: string): never => {
    throw new AtlasDigestError(`Malformed WWW-Authenticate header: ${why} at offset ${i}`);
  };
  const skip = (chars: string) => {
    while (i < header.length && chars.includes(header[i] as string)) i++;
  };
  const match = (re: RegExp): string => {
    const found = re.exec(header.slice(i))?.[0] ?? "";
    i += found.length;
    return found;
  };
  const quoted = (): string => {
    let value = "";
    for (i++; i < header.length; i++) {
      const c = header[i] as string;
      if (c === '"') {
        i++;
        return value;
      }
      if (c === "\\") i++;
      value += header[i] ?? "";
    }
    return fail("unterminated quoted-string");
  };

  for (;;) {
    skip(" \t,");
    if (i >= header.length) return challenges;
    const name = match(TOKEN);
    if (!name) fail("expected a token");
    skip(" \t");
    if (current && header[i] === "=" && header[i + 1] !== "=") {
      i++;
      skip(" \t");
      const value = header[i] === '"' ? quoted() : match(TOKEN);
      current.params[name.toLowerCase()] = value;
      continue;
    }
    current = { scheme: name, params: {} };
    challenges.push(current);
    const start = i;
    match(TOKEN68);
    skip(" \t");
    // a token68 stands alone; anything else was the first auth-param, parsed on the next turn
    if (i < header.length && header[i] !== ",") i = start;
  }
}

/**
 * The first Digest challenge this client supports, in the server's order (RFC 7616 §3.7), or
 * `undefined` when the header has no Digest challenge. Throws AtlasDigestError when there are Digest
 * challenges but none can be answered correctly (auth-int only, no qop, unknown algorithm…).
 */
export function selectDigestChallenge(header: string | null): DigestChallenge | undefined {
  if (!header) return undefined;
  const digests = parseChallenges(header).filter((c) => c.scheme.toLowerCase() === "digest");
  if (digests.length === 0) return undefined;
  const problems: string[] = [];
  for (const { params } of digests) {
    const algorithm = ALGORITHMS.find((a) => a.toLowerCase() === (params.algorithm ?? "MD5").toLowerCase());
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
  throw new AtlasDigestError(`Cannot answer the server's Digest challenge: ${problems.join("; ")}`);
}
