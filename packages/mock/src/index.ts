export {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_HOST,
  DEFAULT_MAX_ACTIVE_TOKENS,
  DEFAULT_NONCE_TTL_MS,
  DEFAULT_PORT,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  DEFAULT_REALM,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_RATE_LIMIT,
} from "./defaults.js";
export { SpecLoadError } from "./prism/load-operations.js";
export { LOG_LEVELS, type LogLevel } from "./prism/logger.js";
export { type MockOptions, PortInUseError, type RunningMock, startMock } from "./start-mock.js";
