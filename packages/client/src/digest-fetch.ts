/** A standalone fetch with Atlas Digest authentication, for code that does not use the typed client. */
import { createDigestSigner, DigestError } from "@atlas-admin/digest/client";
import type { FetchFn } from "./atlas-fetch.js";
import { AtlasDigestError } from "./errors.js";

export interface DigestFetchOptions {
  /** Digest username: the Atlas API key's public key. */
  publicKey: string;
  /** Digest password: the Atlas API key's private key. Kept in a closure, never exposed. */
  privateKey: string;
  /** Transport under the Digest layer; defaults to `globalThis.fetch` at call time. */
  fetch?: FetchFn;
}

/**
 * `fetch(input, init)` that signs with HTTP Digest (RFC 7616), keeping the nonce between calls
 * (one round trip per call after the first). The body is read once and sent again only after a
 * 401 `stale=true`. Rejects with AtlasDigestError for a challenge it cannot answer.
 */
export function createDigestFetch(
  options: DigestFetchOptions,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  const sign = createDigestSigner({ username: options.publicKey, password: options.privateKey });
  const transport: FetchFn = options.fetch ?? ((request) => globalThis.fetch(request));
  return async function digestFetch(input, init) {
    const request = new Request(input, init);
    const body = request.body === null ? undefined : await request.arrayBuffer();
    try {
      return await sign(request.method, new URL(request.url), request.signal, (authorization) => {
        const headers = new Headers(request.headers);
        if (authorization) headers.set("Authorization", authorization);
        return transport(new Request(request, { body, headers }));
      });
    } catch (error) {
      throw error instanceof DigestError ? new AtlasDigestError(error.message) : error;
    }
  };
}
