import { createAtlasAdminClient } from "@atlas-admin/client";
import { registerCreated } from "./operations.js";
import { type ContractTarget, contractTarget } from "./target.js";

/** How this project of the suite authenticates (vitest.config.ts): an API key or a service account. */
export type AuthScheme = "api-key" | "service-account";
export const authScheme: AuthScheme =
  process.env.ATLAS_CONTRACT_AUTH === "service-account" ? "service-account" : "api-key";

export type Credentials = Partial<
  Pick<ContractTarget, "publicKey" | "privateKey" | "clientId" | "clientSecret">
>;

/**
 * A client of the target with this project's credentials (or the ones given); 429 retries off,
 * so every documented status arrives as it is.
 */
export function clientFor(target: ContractTarget = contractTarget(), credentials: Credentials = {}) {
  const atlas = newClient(target, credentials);
  // Everything a call creates is registered for removal at the end of the file (./cleanup.ts).
  atlas.use({
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

function newClient(target: ContractTarget, credentials: Credentials) {
  const settings = { baseUrl: target.baseUrl, retry: false as const, timeoutMs: 10_000 };
  if (authScheme === "api-key") {
    return createAtlasAdminClient({
      ...settings,
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
  return createAtlasAdminClient({ ...settings, clientId, clientSecret });
}
