/** A plain node:http server on 127.0.0.1 with a hand-written handler (for misbehaving servers). */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export async function startRawServer(
  handler: (req: IncomingMessage, res: ServerResponse, index: number) => void,
) {
  let count = 0;
  const server = createServer((req, res) => handler(req, res, count++));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/atlas/v1.0`,
    requestCount: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const CHALLENGE =
  'Digest realm="MMS Public API", domain="", nonce="abc", algorithm=MD5, qop="auth", stale=false';
