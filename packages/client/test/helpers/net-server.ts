/** A node:net server on 127.0.0.1 that writes raw bytes: for answers no HTTP server library would send. */
import { type AddressInfo, createServer, type Socket } from "node:net";

export async function startNetServer(onConnection: (socket: Socket, index: number) => void) {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    onConnection(socket, count++);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/api/atlas/v1.0`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Calls `write` whenever the socket can take more, until it closes: an endless answer. */
export function writeForever(socket: Socket, chunk: () => Buffer | string) {
  const pump = () => {
    while (!socket.destroyed && socket.write(chunk())) {
      // keep writing until the kernel buffer is full
    }
  };
  socket.on("drain", pump);
  pump();
}

/** Reads the request head, then calls `answer`. */
export function afterHead(socket: Socket, answer: (head: string) => void) {
  let data = "";
  const onData = (chunk: Buffer) => {
    data += chunk.toString("latin1");
    const end = data.indexOf("\r\n\r\n");
    if (end === -1) return;
    socket.off("data", onData);
    answer(data.slice(0, end));
  };
  socket.on("data", onData);
}

/** A 200 status line and JSON content type, the rest of the head left to the caller. */
export const HEAD_200 = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

/** `text` as one chunk of a chunked body. */
export const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
