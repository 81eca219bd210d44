// Types of scripts/try-it.mjs, for the tests and the bench.
/** The panel's script, minified (an IIFE with no import). */
export declare function tryItScript(): Promise<string>;
/** `html` (Redocly's page) with the panel of `spec`'s operations before `</body>`. */
export declare function addTryIt(html: string, spec: unknown): Promise<string>;
