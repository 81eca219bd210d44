import type { createInstance, getHttpOperationsFromSpec } from "@stoplight/prism-http";

/** Prism's types, derived from its functions so that no transitive package is imported directly. */
export type PrismOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];
export type PrismInstance = ReturnType<typeof createInstance>;
export type PrismLogger = Parameters<typeof createInstance>[1]["logger"];
export type PrismConfig = Parameters<typeof createInstance>[0];
