/**
 * Public exports of @atlas-admin/mock. Their types stand alone: no module reached from here
 * imports Prism's types (which need `@types/pino`); test/public-types.test.ts compiles them.
 */

export { type Fault, parseFault } from "./atlas/faults.js";
export { SpecLoadError } from "./errors.js";
export { DEFAULT_ALLOWED_ORIGINS } from "./http/cors.js";
export { DocsPageError } from "./http/docs-page.js";
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
export { PortInUseError, type RunningMock, startMock } from "./server.js";
