/** Child process: Prism's own HTTP server (prism-http-server) serving the bundled spec with logging silenced. */
import { createRequire } from "node:module";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { createServer } from "@stoplight/prism-http-server";

const noop = () => {};
const silent = {
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  success: noop,
  debug: noop,
  trace: noop,
} as Record<string, unknown>;
silent.child = () => silent;

const specPath = createRequire(import.meta.url).resolve("@atlas-admin/spec/openapi.json");
const operations = await getHttpOperationsFromSpec(specPath);
const server = createServer(operations, {
  cors: false,
  config: {
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    mock: { dynamic: false },
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
  },
  components: { logger: silent as never },
} as never);
const url = await server.listen(0, "127.0.0.1");
console.log(`listening on ${url}`);
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
