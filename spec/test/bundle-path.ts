// The bundle the spec's tests read: `ATLAS_SPEC_BUNDLE` (another bundle's openapi.json, for a copy of
// the spec) or this package's own dist/openapi.json.
import { fileURLToPath } from "node:url";
import { loadSpec } from "@atlas-admin/spec-kit";

export const bundlePath =
  process.env.ATLAS_SPEC_BUNDLE || fileURLToPath(new URL("../dist/openapi.json", import.meta.url));
/** The parsed bundle, untyped: the tests read any part of it. */
export const spec: any = loadSpec(bundlePath);
