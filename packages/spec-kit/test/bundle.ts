// The bundle the kit's tests read: the spec package's own (the kit does not depend on the spec, whose
// tests use the kit; turbo.json has the kit's tests wait for the spec's bundle).
import { fileURLToPath } from "node:url";
import { loadSpec } from "../src/index.js";

export const bundlePath = fileURLToPath(new URL("../../../spec/dist/openapi.json", import.meta.url));
export const spec = loadSpec(bundlePath);
