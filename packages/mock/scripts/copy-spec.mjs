// Puts the bundled spec (@atlas-admin/spec, spec/dist/openapi.json) into dist/, so that the packed
// mock serves it with no other package of this repository installed.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";

const source = createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json");
const target = new URL("../dist/openapi.json", import.meta.url);
mkdirSync(new URL("../dist/", import.meta.url), { recursive: true });
copyFileSync(source, target);
