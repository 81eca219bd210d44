// What vitest.config.ts provides to the tests.
export {};

declare module "vitest" {
  export interface ProvidedContext {
    /** The path of the bundled spec's openapi.json the tests read. */
    specBundle: string;
  }
}
