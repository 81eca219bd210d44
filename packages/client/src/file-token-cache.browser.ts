/**
 * fileTokenCache where there is no file system (a browser bundle picks this file through the
 * package's `browser` field): the same exports, and fileTokenCache throws.
 */
import type { TokenCache } from "./token-cache.js";

/** @throws TypeError always: a file cache needs Node's file system; give your own TokenCache instead. */
export function fileTokenCache(_path: string): TokenCache {
  throw new TypeError("fileTokenCache needs Node's file system; in a browser, pass your own tokenCache");
}
