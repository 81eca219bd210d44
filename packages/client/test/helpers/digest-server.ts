/**
 * A node:http server on 127.0.0.1 whose Digest verification is done by the `http-auth` package
 * (not by this client's code). Routes the two Atlas operations and records what it received.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import httpAuth from "http-auth";

export interface ServerRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
  authenticated: boolean;
}

export interface DigestServerOptions {
  username: string;
  password: string;
  realm?: string;
  algorithm?: "MD5" | "MD5-sess";
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

export async function startDigestServer(options: DigestServerOptions) {
  const realm = options.realm ?? "MMS Public API";
  const auth = httpAuth.digest(
    { realm, algorithm: options.algorithm ?? "MD5", qop: "auth" },
    (username, done) => {
      done(
        username === options.username ? md5(`${username}:${realm}:${options.password}`) : md5("no such user"),
      );
    },
  );
  const requests: ServerRequest[] = [];

  const route = (record: ServerRequest, res: ServerResponse) => {
    record.authenticated = true;
    const match = /^\/api\/atlas\/v1\.0\/orgs\/([^/]+)\/(apiKeys|liveMigrations\/linkTokens)(\?.*)?$/.exec(
      record.url,
    );
    res.setHeader("Content-Type", "application/json");
    if (record.method !== "POST" || !match) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: 404, errorCode: "RESOURCE_NOT_FOUND", detail: record.url }));
      return;
    }
    const body = JSON.parse(record.body) as Record<string, unknown>;
    if (match[2] === "apiKeys") {
      res.statusCode = 200;
      res.end(
        JSON.stringify({
          id: "5c47ba5127d9d61b9fd8a27b",
          desc: body.desc,
          publicKey: "zmmrboas",
          privateKey: "88e33af4-8d0c-4f5f-9a04-db2c132ca78d",
          links: [],
          roles: ((body.roles as string[] | undefined) ?? []).map((roleName) => ({
            orgId: match[1],
            roleName,
          })),
        }),
      );
    } else {
      res.statusCode = 201;
      res.end(JSON.stringify({ linkToken: `token-for-${(body.accessListIps as string[]).join("+")}` }));
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const record: ServerRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString("utf8"),
        authenticated: false,
      };
      requests.push(record);
      auth.check(() => route(record, res))(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/api/atlas/v1.0`,
    requests,
    /** Ages every nonce the server issued past http-auth's one-hour lifetime. */
    expireNonces() {
      for (const nonce of (auth as unknown as { nonces: [string, number, number][] }).nonces)
        nonce[1] -= 3_600_001;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
