/**
 * An OAuth 2.0 authorization server that is not this project's: `@node-oauth/oauth2-server`
 * parses the Basic client credentials (without URL-decoding, as Atlas), checks the grant and the
 * form, issues tokens and validates `Authorization: Bearer` on the API path. This file only gives
 * it an in-memory model, an HTTP front on 127.0.0.1, a revocation route and counters.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import OAuth2Server from "@node-oauth/oauth2-server";
import { createAtlasAdminClient } from "../../src/index.js";

export const clientId = "mdb_sa_id_0123456789abcdef01234567";
export const clientSecret = "mdb_sa_sk_s3cr3t-value-not-for-logs";

export interface OAuthServerOptions {
  /** Token lifetime in seconds. Default 3600. */
  lifetimeSeconds?: number;
}

export interface Recorded {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export async function startOAuthServer(options: OAuthServerOptions = {}) {
  const tokens = new Map<string, Date>();
  let issued = 0;
  const requests: Recorded[] = [];
  /** Answers to give to the next token requests instead of a token (status, headers, body). */
  const scripted: { status: number; headers?: Record<string, string>; body: unknown }[] = [];
  let refuseApiCalls = false;
  let holdRevocations = false;

  const oauth = new OAuth2Server({
    accessTokenLifetime: options.lifetimeSeconds ?? 3600,
    model: {
      getClient: async (id: string, secret: string) =>
        id === clientId && secret === clientSecret ? { id, grants: ["client_credentials"] } : null,
      getUserFromClient: async (client: { id: string }) => ({ id: client.id }),
      saveToken: async (
        token: { accessToken: string; accessTokenExpiresAt: Date },
        client: unknown,
        user: unknown,
      ) => {
        issued += 1;
        tokens.set(token.accessToken, token.accessTokenExpiresAt);
        return { ...token, client, user };
      },
      getAccessToken: async (accessToken: string) => {
        const expires = tokens.get(accessToken);
        return expires
          ? { accessToken, accessTokenExpiresAt: expires, user: {}, client: { id: clientId, grants: [] } }
          : null;
      },
      validateScope: async () => [],
    } as unknown as OAuth2Server.ServerOptions["model"],
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push({
      path: url.pathname,
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
      body,
    });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/json", ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const form = Object.fromEntries(new URLSearchParams(body));
    const request = new OAuth2Server.Request({
      method: req.method ?? "GET",
      headers: req.headers as Record<string, string>,
      query: Object.fromEntries(url.searchParams),
      body: form,
    });
    const response = new OAuth2Server.Response({ headers: {} });

    if (url.pathname === "/api/oauth/token") {
      const next = scripted.shift();
      if (next) return send(next.status, next.body, next.headers);
      try {
        await oauth.token(request, response, { requireClientAuthentication: { client_credentials: true } });
      } catch {
        // the library has written the OAuth error into `response`
      }
      return send(response.status ?? 500, response.body, response.headers as Record<string, string>);
    }
    if (url.pathname === "/api/oauth/revoke") {
      if (holdRevocations) return; // never answers
      tokens.delete(form.token ?? "");
      return send(200, undefined);
    }
    try {
      if (refuseApiCalls) throw new Error("refusing");
      await oauth.authenticate(request, response);
      return send(200, { id: "5c47ba5127d9d61b9fd8a27b", path: url.pathname });
    } catch {
      return send(401, { error: 401, errorCode: "UNAUTHORIZED", detail: "Invalid or expired token." });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    tokenRequests: () => requests.filter((r) => r.path === "/api/oauth/token"),
    apiRequests: () => requests.filter((r) => !r.path.startsWith("/api/oauth/")),
    issued: () => issued,
    /** Forgets every token, as a restart or a revocation elsewhere would. */
    forgetTokens: () => tokens.clear(),
    scriptTokenAnswers: (...answers: typeof scripted) => scripted.push(...answers),
    /** Revocation requests get no answer at all. */
    holdRevocations: (hold: boolean) => {
      holdRevocations = hold;
    },
    refuseApiCalls: (refuse: boolean) => {
      refuseApiCalls = refuse;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A fresh server and a service-account client of it, the Atlas API under /api/atlas/v1.0. */
export async function startServiceAccount(options: OAuthServerOptions & { retry?: false } = {}) {
  const server = await startOAuthServer(options);
  const atlas = createAtlasAdminClient({
    baseUrl: `${server.origin}/api/atlas/v1.0`,
    clientId,
    clientSecret,
    retry: options.retry,
  });
  return { server, atlas };
}
