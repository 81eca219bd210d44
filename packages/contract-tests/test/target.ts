import { inject } from "vitest";

/** What the contract suite talks to: the mock this run started, or an Atlas-compatible server. */
export type ContractTarget = {
  name: string;
  baseUrl: string;
  publicKey: string;
  privateKey: string;
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
