/**
 * The `Request` class given to openapi-fetch (its `Request` option). It keeps the body that
 * openapi-fetch serialized, so the transport can send it, and send it again after a stale nonce or
 * a 429, without reading or cloning the Request's stream; and it refuses a URL whose path
 * template was not filled (openapi-fetch fills it only when `params.path` is given).
 */
import { AtlasParameterError } from "./errors.js";

/** A request body that can be sent more than once. */
export type ReplayableBody = Exclude<BodyInit, ReadableStream>;

const serializedBodies = new WeakMap<Request, ReplayableBody | undefined>();

export class AtlasRequest extends Request {
  /**
   * openapi-fetch accepts a Request returned by middleware only when it is `instanceof` the
   * configured class; a middleware that returns `new Request(…)` (the usual way) must still work.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Request;
  }

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    if (typeof input === "string") {
      // `Request` itself refuses user information, quoting the URL, password included.
      if (/^[a-z][a-z\d+.-]*:\/\/[^/?#]*@/i.test(input)) {
        throw new TypeError("The request URL must not contain a user name or password");
      }
      checkTemplateFilled(input);
    }
    super(input, init);
    const body = init?.body;
    if (body === undefined || body === null || isReplayable(body))
      serializedBodies.set(this, body ?? undefined);
  }
}

function isReplayable(body: BodyInit): body is ReplayableBody {
  return !(body instanceof ReadableStream);
}

/** True for a Request that openapi-fetch built with this class (not one a middleware made). */
export const isAtlasRequest = (request: Request): boolean => serializedBodies.has(request);

/**
 * The body to send: the one openapi-fetch serialized when `request` is the AtlasRequest it built,
 * otherwise (a middleware replaced the Request) the Request's own body, read once.
 */
export async function replayableBody(request: Request): Promise<ReplayableBody | undefined> {
  if (serializedBodies.has(request)) return serializedBodies.get(request);
  return request.body === null ? undefined : request.arrayBuffer();
}

function checkTemplateFilled(url: string): void {
  const path = url.replace(/[?#].*$/s, "");
  const name = /\{([^{}]*)\}/.exec(path)?.[1];
  if (name !== undefined) throw new AtlasParameterError(`Path parameter "${name}" is missing`);
}
