/**
 * Removes the client's secrets from text a server sent back (an error body, a challenge, a
 * socket error) before it reaches an error message or a log line: the private key, the client
 * secret, the access tokens, their Basic form, and any `Authorization` value a server echoes.
 */

/** Text with every known secret replaced by `[redacted]`. */
export type Redact = (text: string) => string;

export interface Redactor {
  redact: Redact;
  /** Adds a secret (an access token when it is issued). Strings shorter than 4 characters are ignored. */
  add(secret: string): void;
}

const REDACTED = "[redacted]";
// An echoed Authorization value: Basic/Bearer token68 (RFC 9110 §11.4), or Digest auth-params.
const CREDENTIALS = /\b(Basic|Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const DIGEST = /\bDigest\s+[A-Za-z-]+\s*=[^\r\n]*/gi;

/** base64 of the UTF-8 bytes of `text` (as in HTTP Basic, RFC 7617 §2). */
export function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * A redactor for one client. `secrets` are the private key or client secret, `pairs` the
 * `id:secret` pairs whose base64 (the Basic form) is a secret too.
 */
export function createRedactor(secrets: string[], pairs: [string, string][] = []): Redactor {
  const known = new Set<string>();
  const add = (secret: string) => {
    if (typeof secret !== "string" || secret.length < 4) return;
    // As sent and as a server may quote it: in a URL, in a form body (as `URLSearchParams` writes
    // it: `~` and `!'()` encoded too), in JSON.
    const forms = [encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
    for (const form of [secret, ...forms, JSON.stringify(secret).slice(1, -1)]) known.add(form);
  };
  for (const secret of secrets) add(secret);
  for (const [id, secret] of pairs) add(base64Utf8(`${id}:${secret}`));
  return {
    add,
    redact(text) {
      // Known secrets first: a pattern below may end inside one and leave its tail.
      let out = text;
      for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      return out.replace(CREDENTIALS, `$1 ${REDACTED}`).replace(DIGEST, `Digest ${REDACTED}`);
    },
  };
}

/**
 * A body a server sent back, redacted: when it is JSON, every string in it (keys too), so the
 * result is still the same JSON with the secrets replaced; otherwise the text as a whole.
 */
export function redactJson(text: string, redact: Redact): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return redact(text);
  }
  return JSON.stringify(parsed, (_key, value: unknown) => {
    if (typeof value === "string") return redact(value);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[redact(key)] = inner;
    return copy;
  });
}
