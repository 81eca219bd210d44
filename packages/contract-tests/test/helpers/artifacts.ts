import { pathToFileURL } from "node:url";

/**
 * Where a run writes its reports (JUnit, coverage matrix, teardown counts): `artifacts/` of this
 * package, or `ATLAS_CONTRACT_ARTIFACTS` (a run on a copy of the spec keeps its own).
 */
export const ARTIFACTS: URL = process.env.ATLAS_CONTRACT_ARTIFACTS
  ? pathToFileURL(`${process.env.ATLAS_CONTRACT_ARTIFACTS.replace(/\/$/, "")}/`)
  : new URL("../../artifacts/", import.meta.url);
