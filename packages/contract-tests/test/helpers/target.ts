import { inject } from "vitest";

/** What the contract suite talks to: the mock this run started, or an Atlas-compatible server. */
export type ContractTarget = {
  name: string;
  baseUrl: string;
  publicKey: string;
  privateKey: string;
  /** A service account of the target (the mock's default one, or ATLAS_CONTRACT_CLIENT_ID/SECRET). */
  clientId: string | undefined;
  clientSecret: string | undefined;
  orgId: string;
  /** Prism answers `Prefer: code=…` and reports violations; a real Atlas does neither. */
  servesPrismMocks: boolean;
};

declare module "vitest" {
  export interface ProvidedContext {
    contractTarget: ContractTarget;
  }
}

export function contractTarget(): ContractTarget {
  return inject("contractTarget");
}
