/**
 * Child process: a bare node:http server answering every request with the same bytes (argv[2]).
 * With `--challenge`, a request without Authorization gets a Digest challenge instead; nothing is
 * verified, so every contender pays the same server cost.
 */
import { createServer } from "node:http";

const body = Buffer.from(process.argv[2] ?? "{}");
const challenge = process.argv.includes("--challenge")
  ? 'Digest realm="MMS Public API", domain="", nonce="benchnonce0123456789", algorithm=MD5, qop="auth", stale=false'
  : undefined;

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    if (challenge && !request.headers.authorization) {
      response.writeHead(401, { "WWW-Authenticate": challenge, "Content-Length": 0 });
      response.end();
      return;
    }
    response.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
