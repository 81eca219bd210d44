import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { parse as parseYaml } from "yaml";
import { SpecLoadError } from "../errors.js";
import type { PrismOperation } from "./types.js";

const FIX =
  "Build the mock with `npm run build` at the repository root (it copies the bundled spec into dist/).";

/**
 * The spec the mock serves by default: the bundle copied into `dist/openapi.json` at build (what
 * the installed package carries); from the sources in this repository, `@atlas-admin/spec`'s.
 */
export function bundledSpecPath(): string {
  const copied = fileURLToPath(new URL("../openapi.json", import.meta.url));
  if (existsSync(copied)) return copied;
  try {
    return createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json");
  } catch {
    return copied; // reading it fails with the fix in the message
  }
}

/** Reads the OpenAPI document and turns it into Prism's operations. */
export async function loadOperations(specPath: string = bundledSpecPath()): Promise<PrismOperation[]> {
  return (await loadSpec(specPath)).operations;
}

/**
 * Reads the OpenAPI document (JSON, or YAML by its extension): Prism's operations, and the
 * document itself for what Prism's operations leave out (response `links`).
 * @throws SpecLoadError naming the fix when it cannot be read, parsed or has no operation.
 */
export async function loadSpec(
  specPath: string = bundledSpecPath(),
): Promise<{ operations: PrismOperation[]; document: Record<string, unknown> }> {
  let text: string;
  try {
    text = await readFile(specPath, "utf8");
  } catch (error) {
    throw new SpecLoadError(`Cannot read the spec at ${specPath}: ${(error as Error).message}. ${FIX}`, {
      cause: error,
    });
  }
  const parsed = /\.ya?ml$/i.test(specPath) ? parseYamlText(specPath, text) : parseJson(specPath, text);
  if (!looksLikeOpenApi(parsed)) {
    throw new SpecLoadError(
      `The spec at ${specPath} is not an OpenAPI document (no \`openapi\` or \`paths\`). ${FIX}`,
    );
  }
  let operations: PrismOperation[];
  try {
    operations = await getHttpOperationsFromSpec(structuredClone(parsed));
  } catch (error) {
    throw new SpecLoadError(
      `Prism cannot read the spec at ${specPath}: ${(error as Error).message}. ${FIX}`,
      {
        cause: error,
      },
    );
  }
  if (operations.length === 0)
    throw new SpecLoadError(`The spec at ${specPath} defines no operation. ${FIX}`);
  return { operations, document: parsed as Record<string, unknown> };
}

function parseYamlText(specPath: string, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new SpecLoadError(
      `The spec at ${specPath} is not valid YAML: ${(error as Error).message}. ${FIX}`,
      {
        cause: error,
      },
    );
  }
}

function parseJson(specPath: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SpecLoadError(
      `The spec at ${specPath} is not valid JSON: ${(error as Error).message}. ${FIX}`,
      {
        cause: error,
      },
    );
  }
}

function looksLikeOpenApi(document: unknown): document is object {
  if (document === null || typeof document !== "object") return false;
  const { openapi, paths } = document as { openapi?: unknown; paths?: unknown };
  return typeof openapi === "string" && typeof paths === "object" && paths !== null;
}
