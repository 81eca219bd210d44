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

  return {
    async respond(operation, input, preferences) {
      // A fresh mock config per request: Prism's mocker writes the Accept header's media types into it.
      const mock = { ...config.mock, ...preferences };
      const result = await prism.request(input, [operation], { ...config, mock })();
      if (E.isLeft(result)) return { ok: false, error: result.left as PrismError };
      return {
        ok: true,
        result: { output: result.right.output },
      };
    },
  };
}
