/**
 * The load generator's own RFC 7616 signer (MD5, qop=auth): one challenge, then a new `nc` per
 * request. Kept apart from the client so the mock benchmark measures the server alone.
 */
import { createHash, randomBytes } from "node:crypto";

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

export function createLoadSigner(challenge: string, username: string, password: string) {
  const field = (name: string) => new RegExp(`${name}="?([^",]*)"?`).exec(challenge)?.[1] ?? "";
  const realm = field("realm");
  const nonce = field("nonce");
  const ha1 = md5(`${username}:${realm}:${password}`);
  let count = 0;
  return (method: string, uri: string): string => {
    const nc = (++count).toString(16).padStart(8, "0");
    const cnonce = randomBytes(8).toString("hex");
    const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
    return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", algorithm=MD5`;
  };
}
