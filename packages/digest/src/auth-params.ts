/**
 * The grammar shared by `WWW-Authenticate` and `Authorization` (RFC 9110 §11.2, §11.6.1): one or
 * more auth-schemes, each followed by a token68 or by comma-separated auth-params whose values are
 * tokens or quoted-strings (RFC 9110 §5.6.4), and the quoting used to write them back.
 */
import { DigestError } from "./errors.js";

/** One challenge or one set of credentials: `scheme` as sent, parameter names lower-cased. */
export interface AuthParams {
  scheme: string;
  /** Parameter names lower-cased; quoted-string values unescaped. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/**
 * Parses a header value into its challenges (or credentials), in order.
 * @throws DigestError when the value breaks the grammar (unterminated quoted-string, stray characters).
 */
export function parseAuthHeader(header: string): AuthParams[] {
  const items: AuthParams[] = [];
  let current: AuthParams | undefined;
  let i = 0;
  const fail = (why: string): never => {
    throw new DigestError(`Malformed authentication header: ${why} at offset ${i}`);
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
    if (i >= header.length) return items;
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
    items.push(current);
    const start = i;
    match(TOKEN68);
    skip(" \t");
    // a token68 stands alone; anything else was the first auth-param, parsed on the next turn
    if (i < header.length && header[i] !== ",") i = start;
  }
}

/** A quoted-string (RFC 9110 §5.6.4): `"` and `\` escaped with a backslash. */
export const quote = (value: string): string => `"${value.replace(/[\\"]/g, "\\$&")}"`;
