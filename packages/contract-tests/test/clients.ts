import { createAtlasAdminClient } from "@atlas-admin/client";
import { type ContractTarget, contractTarget } from "./target.js";

/** A client of the target with its key pair; 429 retries off, so every documented status arrives as it is. */
export function clientFor(
  target: ContractTarget = contractTarget(),
  keys: Partial<Pick<ContractTarget, "publicKey" | "privateKey">> = {},
) {
  return createAtlasAdminClient({
    baseUrl: target.baseUrl,
    publicKey: keys.publicKey ?? target.publicKey,
    privateKey: keys.privateKey ?? target.privateKey,
    retry: false,
    timeoutMs: 10_000,
  });
}
