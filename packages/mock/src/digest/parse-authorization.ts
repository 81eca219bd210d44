/** The parameters of a `Digest` credentials header, quoted-string values unescaped. */
export type DigestParams = Readonly<Record<string, string>>;

const PARAM = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;

/** Returns the parameters, or undefined when the header is absent or not a Digest one. */
export function parseDigestAuthorization(header: string | undefined): DigestParams | undefined {
  if (header === undefined || !/^digest\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const match of header.slice(7).matchAll(PARAM)) {
    const name = (match[1] as string).toLowerCase();
    const quoted = match[2];
    params[name] = quoted === undefined ? (match[3] ?? "") : quoted.replace(/\\(.)/g, "$1");
  }
  return params;
}
