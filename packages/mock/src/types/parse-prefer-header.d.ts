// parse-prefer-header (the RFC 7240 parser Prism's server uses) ships no types.
declare module "parse-prefer-header" {
  /** Preferences by camel-cased token: a value, or `true` for a bare token. */
  export default function parsePreferHeader(
    prefer: string | readonly string[] | undefined,
  ): Record<string, string | true>;
}
