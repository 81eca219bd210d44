/**
 * Prism's own pipeline (prism-http's `createInstance`, prism-core's factory), handed what the mock
 * already decided. Its `route` component takes the one operation the mock's route index matched,
 * so nothing is routed twice; input validation is off (src/atlas/validate-input.ts judges the
 * request once, with the spec's `x-atlas-error`); Prism's mocker picks and builds the response
 * (examples, `Prefer`, dynamic bodies). Output validation is off too: the pipeline checks the
 * final answer, after its state stage, with the validator the proxy uses (src/atlas/validate-output.ts).
 */
import {
  createInstance,
  type IHttpConfig,
  type IHttpRequest,
  type IHttpResponse,
} from "@stoplight/prism-http";
import * as E from "fp-ts/lib/Either.js";
import type { Preferences } from "../atlas/preferences.js";
import type { PrismLogger, PrismOperation } from "./types.js";

export interface PrismResult {
  readonly output: IHttpResponse;
}

export type PrismError = Error & { status?: number; detail?: string };

export interface MockOnPrism {
  /** Mocks one request of an operation already routed and validated. */
  respond(
    operation: PrismOperation,
    input: IHttpRequest,
    preferences: Preferences,
  ): Promise<{ ok: true; result: PrismResult } | { ok: false; error: PrismError }>;
}

/** Answers remembered per (operation, preferences, Accept); the oldest is forgotten first. */
export const MAX_REMEMBERED_ANSWERS = 1000;

export function createMockOnPrism(options: { logger: PrismLogger; dynamic: boolean }): MockOnPrism {
  const config = {
    checkSecurity: false, // Digest and Bearer are verified before Prism (src/pipeline/authenticate.ts)
    validateRequest: false,
    validateResponse: false, // the final answer is checked after the state stage
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
    mock: { dynamic: options.dynamic },
  } satisfies IHttpConfig;
  const prism = createInstance(config, {
    logger: options.logger,
    route: ({ resources }) =>
      resources.length === 1
        ? E.right(resources[0] as PrismOperation)
        : E.left(new Error(`expected the one routed operation, got ${resources.length}`)),
  });

  // Serving examples, Prism's answer depends only on the operation, the preferences and the
  // Accept header (not on the body, the path or the query): it is worked out once, then
  // remembered, which takes Prism's fp-ts pipeline off the path of a repeated request.
  const remembered = new Map<PrismOperation, Map<string, PrismResult>>();
  let count = 0;
  return {
    async respond(operation, input, preferences) {
      // A fresh mock config per request: Prism's mocker writes the Accept header's media types into it.
      const mock = { ...config.mock, ...preferences };
      const key = mock.dynamic ? undefined : `${JSON.stringify(preferences)}\n${input.headers?.accept ?? ""}`;
      const known = key === undefined ? undefined : remembered.get(operation)?.get(key);
      if (known !== undefined) return { ok: true, result: known };
      const result = await prism.request(input, [operation], { ...config, mock })();
      if (E.isLeft(result)) return { ok: false, error: result.left as PrismError };
      const answer = { output: result.right.output };
      if (key !== undefined) {
        if (++count > MAX_REMEMBERED_ANSWERS) {
          remembered.clear();
          count = 1;
        }
        const answers = remembered.get(operation) ?? new Map<string, PrismResult>();
        answers.set(key, answer);
        remembered.set(operation, answers);
      }
      return { ok: true, result: answer };
    },
  };
}
