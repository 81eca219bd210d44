/** Raw HTTP/1.1 over node:net, for what fetch cannot do: stall a body, abort it, or stream it slowly. */
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { API_KEYS_PATH, authorization, fetchChallenge } from "./digest-client.js";

export interface RawConnection {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server closes the connection (or it fails), with everything received. */
  readonly closed: Promise<string>;
}

/** Opens a connection and writes the head of a signed POST; the body is up to the caller. */
export async function openSignedPost(
  baseUrl: string,
  headers: Record<string, string>,
  path = API_KEYS_PATH,
): Promise<RawConnection> {
  const { params } = await fetchChallenge(baseUrl);
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, "connect");
  let data = "";
  socket.on("data", (chunk: Buffer) => {
    data += chunk.toString("latin1");
  });
  const closed = new Promise<string>((resolve) => {
    socket.on("error", () => {});
    socket.once("close", () => resolve(data));
  });
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${url.host}`,
    `Authorization: ${authorization({ method: "POST", uri: path, nonce: params.nonce as string })}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.write(`${head.join("\r\n")}\r\n\r\n`);
  return { socket, received: () => data, closed };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Parses the first response in `data` (Content-Length bodies only). */
export function parseResponse(data: string): RawResponse {
  const end = data.indexOf("\r\n\r\n");
  if (end === -1) throw new Error(`No complete response head in ${JSON.stringify(data)}`);
  const [statusLine = "", ...lines] = data.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: data.slice(end + 4, end + 4 + length),
  };
}
