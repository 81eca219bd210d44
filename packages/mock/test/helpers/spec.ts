// The bundle the mock's tests read: `ATLAS_SPEC_BUNDLE` (another bundle's openapi.json, for a copy of
// the spec) or @atlas-admin/spec's own.
import { createRequire } from "node:module";
import { loadSpec } from "@atlas-admin/spec-kit";

const require = createRequire(import.meta.url);
export const bundlePath = process.env.ATLAS_SPEC_BUNDLE || require.resolve("@atlas-admin/spec/openapi.json");
/** The parsed bundle, untyped: the tests read any part of it. */
export const spec: any = loadSpec(bundlePath);
/** The service-account token service's bundle. */
export const oauthBundlePath = require.resolve("@atlas-admin/spec/oauth.json");
