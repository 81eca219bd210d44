export {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_NONCE_TTL_MS,
  DEFAULT_PORT,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  DEFAULT_REALM,
} from "./defaults.js";
export { SpecLoadError } from "./prism/load-operations.js";
export { LOG_LEVELS, type LogLevel } from "./prism/logger.js";
export { type MockOptions, PortInUseError, type RunningMock, startMock } from "./start-mock.js";
