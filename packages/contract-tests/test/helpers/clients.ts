import { createAtlasAdminClient } from "@atlas-admin/client";
import { bucketOf, budgetMiddleware, observed, rateLimited } from "./budget.js";
import { operationAt, operationFromUrl, registerCreated } from "./operations.js";
import { type ContractTarget, contractTarget } from "./target.js";
import { runTokenCache } from "./token-cache.js";

/** How this project of the suite authenticates (vitest.config.ts): an API key or a service account. */
export type AuthScheme = "api-key" | "service-account";
export const authScheme: AuthScheme =
  process.env.ATLAS_CONTRACT_AUTH === "service-account" ? "service-account" : "api-key";

export type Credentials = Partial<
  Pick<ContractTarget, "publicKey" | "privateKey" | "clientId" | "clientSecret">
>;

/** The header the suite puts on requests it breaks on purpose; the validating proxy counts their findings apart. */
export const DELIBERATE_HEADER = "X-Atlas-Contract-Deliberate";

/**
 * How long one call may take, Digest round trips and 429 waits included (the client's deadline).
 * The rate budget's own waits come before the call starts and do not count.
 */
const CALL_TIMEOUT_MS = 120_000;

export interface ClientSettings {
  /**
   * false: a 429 is returned as it is (the tests that ask for one with `Prefer: code=429`);
   * default: a 429 the suite did not ask for is waited out as `Retry-After` says, as a user's
   * client would, and told to the rate budget.
   */
  retry?: false;
  /** How to authenticate; default this project's scheme. */
  scheme?: AuthScheme;
}

/**
 * A client of the target with this project's credentials (or the ones given). Every request
 * first takes its call from the run's rate budget (./budget.ts); everything a call creates is
 * registered for removal (./cleanup.ts).
 */
export function clientFor(
  target: ContractTarget = contractTarget(),
  credentials: Credentials = {},
  settings: ClientSettings = {},
) {
  const atlas = newClient(target, credentials, settings);
  atlas.use(budgetMiddleware(operationAt), {
    async onResponse({ request, response, schemaPath, params }) {
      if (!response.ok || request.method === "DELETE") return undefined;
      const body = await response
        .clone()
        .json()
        .catch(() => undefined);
      registerCreated(request.method, schemaPath, response.status, { ...params.path }, body);
      return undefined;
    },
  });
  return atlas;
}

/**
 * The transport under the client's Digest and retry, which keeps the rate budget in step with the
 * target: a `RateLimit-Remaining` it sends caps the budget's count, and a 429 that the request
 * did not ask for (`Prefer: code=429`) empties the bucket until its `Retry-After`.
 */
export function budgetedFetch(target: ContractTarget) {
  const base = new URL(target.baseUrl).pathname.replace(/\/$/, "");
  return async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    const remaining = response.headers.get("RateLimit-Remaining");
    const asked = /code=429/.test(request.headers.get("Prefer") ?? "");
    if (remaining === null && (response.status !== 429 || asked)) return response;
    const found = operationFromUrl(new URL(request.url).pathname.slice(base.length), request.method);
    const bucket = found && bucketOf(found.operation, found.path);
    if (bucket === undefined) return response;
    if (response.status === 429 && !asked)
      await rateLimited(bucket, Number(response.headers.get("Retry-After")) || 1);
    else if (remaining !== null && /^\d+$/.test(remaining)) await observed(bucket, Number(remaining));
    return response;
  };
}

function newClient(target: ContractTarget, credentials: Credentials, settings: ClientSettings) {
  const common = {
    baseUrl: target.baseUrl,
    timeoutMs: CALL_TIMEOUT_MS,
    fetch: budgetedFetch(target),
    retry: settings.retry === false ? (false as const) : { attempts: 6, maxDelayMs: 90_000 },
  };
  if ((settings.scheme ?? authScheme) === "api-key") {
    return createAtlasAdminClient({
      ...common,
      publicKey: credentials.publicKey ?? target.publicKey,
      privateKey: credentials.privateKey ?? target.privateKey,
    });
  }
  const clientId = credentials.clientId ?? target.clientId;
  const clientSecret = credentials.clientSecret ?? target.clientSecret;
  if (clientId === undefined || clientSecret === undefined) {
    throw new Error(
      `${target.name} has no service account: set ATLAS_CONTRACT_CLIENT_ID and ATLAS_CONTRACT_CLIENT_SECRET, or run the api-key project alone (vitest --project api-key).`,
    );
  }
  // The run's one token, shared by every file and sample (Atlas: 10 token requests a minute);
  // other credentials (the wrong ones of the authentication tests) get their own.
  const shared = clientId === target.clientId && clientSecret === target.clientSecret;
  return createAtlasAdminClient({
    ...common,
    clientId,
    clientSecret,
    ...(shared ? { tokenCache: runTokenCache() } : {}),
  });
}
