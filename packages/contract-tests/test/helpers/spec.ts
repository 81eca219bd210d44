// The bundle the contract tests read, as ./global-setup.ts provides it (ATLAS_SPEC_BUNDLE names a
// copy of the spec).
import { loadSpec } from "@atlas-admin/spec-kit";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The path of the bundled spec's openapi.json the tests read. */
    specBundle: string;
  }
}

export const bundlePath = inject("specBundle");
/** The parsed bundle, untyped: the tests read any part of it. */
export const spec: any = loadSpec(bundlePath);
