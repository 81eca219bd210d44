/** Public exports of @atlas-admin/mock. */

export { type Fault, parseFault } from "./atlas/faults.js";
export * from "./defaults.js";
export { DEFAULT_ALLOWED_ORIGINS } from "./http/cors.js";
export { DocsPageError } from "./http/docs-page.js";
export { type AtlasMock, type AtlasMockOptions, createAtlasMock } from "./in-process.js";
export type { MockOptions } from "./options.js";
export { SpecLoadError } from "./prism/load-operations.js";
export { LOG_LEVELS, type LogLevel } from "./prism/logger.js";
export { PortInUseError, type RunningMock, startMock } from "./server.js";
