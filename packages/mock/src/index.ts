/** Public exports of @atlas-admin/mock. */

export { type Fault, parseFault } from "./atlas/faults.js";
export { type AtlasMock, createAtlasMock } from "./in-process.js";
export {
  type AtlasMockOptions,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  LOG_LEVELS,
  type LogLevel,
  type MockOptions,
  OPTIONS,
  type OptionSpec,
} from "./options.js";
export { SpecLoadError } from "./prism/load-operations.js";
export { PortInUseError, type RunningMock, startMock } from "./server.js";
