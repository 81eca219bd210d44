// The kit that reads the bundled spec for the tests and generators of every package.
export * from "./document.js";
export * from "./error-mappings.js";
export * from "./mutations.js";
export * from "./operations.js";
export * from "./validator.js";
