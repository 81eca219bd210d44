/**
 * Closing (SIGTERM, SIGINT, `close()`) under keep-alive load: clients that keep sending on their
 * connections are told to stop reusing them (`Connection: close`) and none of those is reset.
 */
import { Agent, request } from "node:http";
import { expect, it } from "vitest";
import { startMock } from "../src/index.js";
import { API_KEYS_PATH, PRIVATE_KEY, PUBLIC_KEY } from "./helpers/digest-client.js";

it("answers 64 keep-alive clients through close() without resetting one", { timeout: 30_000 }, async () => {
  const mock = await startMock({ port: 0, publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const get = () =>
    new Promise<string | undefined>((resolve) => {
      const req = request(mock.url + API_KEYS_PATH, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.headers.connection));
      });
      // A reset of a kept-alive connection is the mock's doing; one of a new connection queued as
      // the listener closed is the kernel's (and the client was told to leave the old one).
      req.on("error", (error: NodeJS.ErrnoException) =>
        resolve(
          `error ${req.reusedSocket ? "on a kept-alive connection " : ""}${error.code ?? error.message}`,
        ),
      );
      req.end();
    });
  const endings: string[] = [];
  let closeAnswers = 0;
  const client = async () => {
    for (;;) {
      const connection = await get();
      if (connection === "close") closeAnswers++;
      if (connection?.startsWith("error")) {
        endings.push(connection);
        return;
      }
    }
  };
  const clients = Array.from({ length: 64 }, client);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await mock.close();
  await Promise.all(clients);
  agent.destroy();
  // After close, a new connection is refused (or, queued as the listener closed, reset): that is
  // how each client stops; no kept-alive connection is reset.
  expect(endings.filter((e) => e.includes("kept-alive"))).toEqual([]);
  expect(closeAnswers).toBeGreaterThan(0);
});
