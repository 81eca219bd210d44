// The bundle the mock's tests read, as vitest.config.ts provides it (ATLAS_SPEC_BUNDLE names a copy of
// the spec).
import { createRequire } from "node:module";
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
/** The service-account token service's bundle. */
export const oauthBundlePath = createRequire(import.meta.url).resolve("@atlas-admin/spec/oauth.json");
