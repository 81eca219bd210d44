/** Public exports of @atlas-admin/mock. */
export * from "./defaults.js";
export { SpecLoadError } from "./prism/load-operations.js";
export { LOG_LEVELS, type LogLevel } from "./prism/logger.js";
export { type MockOptions, PortInUseError, type RunningMock, startMock } from "./server.js";
