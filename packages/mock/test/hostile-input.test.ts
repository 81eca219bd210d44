/**
 * Hostile input, as a table: the bytes a client sends → the status the mock answers (or a closed
 * connection where HTTP says so). After every row the mock still serves a signed request, its error
 * bodies stay small, and nothing is written to stderr. Targets on every operation come from the spec.
 */
import { once } from "node:events";
import { connect } from "node:net";
import { createSpecValidator, specOperations } from "@atlas-admin/spec-kit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";
import {
  API_KEYS_PATH,
  authorization,
  fetchChallenge,
  PRIVATE_KEY,
  PUBLIC_KEY,
  signedFetch,
} from "./helpers/digest-client.js";
import { parseResponse } from "./helpers/raw-http.js";
import { spec } from "./helpers/spec.js";

const BODY_LIMIT = 1024 * 1024;
let mock: RunningMock;
let host: string;
const stderr = vi.spyOn(process.stderr, "write");

beforeAll(async () => {
  mock = await startMock({
    port: 0,
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    bodyLimitBytes: BODY_LIMIT,
    bodyTimeoutMs: 2000,
  });
  host = new URL(mock.url).host;
});
afterAll(() => mock.close());

interface Exchange {
  /** The status of the first response, or "closed" when the connection closed without one. */
  readonly status: number | "closed";
  readonly body: string;
  /** Whether the server closed the connection within the test's wait after answering. */
  readonly closed: boolean;
  readonly ms: number;
}

/** Writes raw bytes (head, then body chunks) and reads the answer; bounded at 10 s. */
async function exchange(head: string, body: Buffer | string = ""): Promise<Exchange> {
  const url = new URL(mock.url);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, "connect");
  const started = performance.now();
  let data = "";
  let closed = false;
  socket.on("data", (chunk: Buffer) => {
    data += chunk.toString("latin1");
  });
  socket.on("error", () => {});
  const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(head);
  if (body.length > 0) socket.write(body);
  await Promise.race([
    ended.then(() => {
      closed = true;
    }),
    new Promise((resolve) => setTimeout(resolve, 10_000)),
    (async () => {
      // A response with its whole body, then a short wait to see whether the server closes.
      while (!closed) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        try {
          const parsed = parseResponse(data);
          if (Buffer.byteLength(parsed.body, "latin1") >= Number(parsed.headers["content-length"] ?? 0))
            break;
        } catch {
          // not yet a whole head
        }
      }
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 300))]);
    })(),
  ]);
  const ms = performance.now() - started;
  socket.destroy();
  if (data === "") return { status: "closed", body: "", closed: true, ms };
  const response = parseResponse(data);
  return { status: response.status, body: response.body, closed, ms };
}

async function signedHead(method: string, target: string, headers: Record<string, string> = {}) {
  const { params } = await fetchChallenge(mock.url);
  const lines = [
    `${method} ${target} HTTP/1.1`,
    `Host: ${host}`,
    `Authorization: ${authorization({ method, uri: target, nonce: params.nonce as string })}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join("\r\n")}\r\n\r\n`;
}

const json = (body: string) => ({
  "Content-Type": "application/json",
  "Content-Length": String(Buffer.byteLength(body)),
});
const unknownAttributes = `{${Array.from({ length: 60_000 }, (_, i) => `"a${i}":1`).join(",")}}`;
const duplicateRoles = JSON.stringify({
  desc: "dup",
  roles: Array.from({ length: 80_000 }, () => "ORG_MEMBER"),
});

type Row = [name: string, send: () => Promise<Exchange>, expected: number | "closed", closes?: boolean];

const rows: Row[] = [
  [
    "an absolute URL that does not parse (http://[)",
    () => exchange(`GET http://[ HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
    400,
  ],
  [
    "an absolute-form target",
    () => exchange(`GET http://example.com/orgs HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
    400,
  ],
  ["the asterisk form", () => exchange(`OPTIONS * HTTP/1.1\r\nHost: ${host}\r\n\r\n`), 400],
  [
    "a scheme-relative target (//host/path)",
    () => exchange(`GET //example.com/x HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
    400,
  ],
  [
    "a target with a backslash host (/\\\\example.com)",
    () => exchange(`GET /\\\\example.com HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
    400,
  ],
  ["a target that is not a path (abc)", () => exchange(`GET abc HTTP/1.1\r\nHost: ${host}\r\n\r\n`), 400],
  [
    "a method Node's parser does not know",
    () => exchange(`BREW /orgs HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
    400,
  ],
  [
    "a header line without a colon",
    () => exchange(`GET / HTTP/1.1\r\nHost: ${host}\r\nno colon here\r\n\r\n`),
    400,
  ],
  [
    "a control character in a header value",
    () => exchange(`GET / HTTP/1.1\r\nHost: ${host}\r\nX-A: a\u0001b\r\n\r\n`),
    400,
  ],
  [
    "a 20 KiB header",
    () => exchange(`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`),
    431,
  ],
  [
    "both Content-Length and Transfer-Encoding",
    () =>
      exchange(
        `POST ${API_KEYS_PATH} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ),
    400,
  ],
  [
    "a malformed chunk size",
    async () =>
      exchange(
        await signedHead("POST", API_KEYS_PATH, {
          "Content-Type": "application/json",
          "Transfer-Encoding": "chunked",
        }),
        "zz\r\n{}\r\n0\r\n\r\n",
      ),
    400,
  ],
  [
    "an unsigned body that trickles (the 401 does not wait for it)",
    () =>
      exchange(
        `POST ${API_KEYS_PATH} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
        "{",
      ),
    401,
    true,
  ],
  [
    "a declared body over the limit",
    async () => exchange(await signedHead("POST", API_KEYS_PATH, json("x".repeat(BODY_LIMIT + 1))), "{"),
    413,
    true,
  ],
  [
    "a chunked body that grows past the limit",
    async () =>
      exchange(
        await signedHead("POST", API_KEYS_PATH, {
          "Content-Type": "application/json",
          "Transfer-Encoding": "chunked",
        }),
        `100000\r\n${"x".repeat(0x100000)}\r\n100000\r\n${"x".repeat(0x100000)}\r\n`,
      ),
    413,
    true,
  ],
  ["malformed JSON", async () => exchange(await signedHead("POST", API_KEYS_PATH, json("{")), "{"), 400],
  [
    "JSON that is not UTF-8",
    async () =>
      exchange(
        await signedHead("POST", API_KEYS_PATH, { ...json("xxxxxx"), "Content-Length": "6" }),
        Buffer.from([0x22, 0xff, 0xfe, 0x22, 0x20, 0x20]),
      ),
    400,
  ],
  [
    "1 MiB of unknown attributes",
    async () => exchange(await signedHead("POST", API_KEYS_PATH, json(unknownAttributes)), unknownAttributes),
    400,
  ],
  [
    "80,000 copies of one role",
    async () => exchange(await signedHead("POST", API_KEYS_PATH, json(duplicateRoles)), duplicateRoles),
    400,
  ],
  [
    "a query value that is not percent-encoded UTF-8",
    async () => exchange(await signedHead("GET", `${API_KEYS_PATH}?pageNum=%ZZ&itemsPerPage=%FF`)),
    400,
  ],
  [
    "a Prefer header that names no status",
    async () => exchange(await signedHead("GET", API_KEYS_PATH, { Prefer: "code=abc" })),
    400,
  ],
];

const badSegments = ["%FF%FE", "%ZZ", "%", "%E0%A4%A"];
for (const operation of specOperations(createSpecValidator(spec).spec)) {
  for (const segment of badSegments) {
    const target = operation.path.replace(/\{[^}]+\}/g, segment);
    rows.push([
      `${operation.method.toUpperCase()} ${operation.path} with the path parameter ${segment}`,
      async () => {
        const body = operation.method === "post" ? "{}" : "";
        return exchange(
          await signedHead(operation.method.toUpperCase(), target, body ? json(body) : {}),
          body,
        );
      },
      400,
    ]);
  }
}

describe("hostile input never crashes the mock, never gets a 500, never amplifies", () => {
  it.each(rows)("%s", async (_name, send, expected, closes) => {
    const answer = await send();
    expect(answer.status).toBe(expected);
    // An error body is small, whatever the request (the largest rows send 1 MiB).
    expect(answer.body.length).toBeLessThan(16 * 1024);
    if (typeof answer.status === "number" && answer.status >= 400 && answer.body !== "") {
      expect(JSON.parse(answer.body)).toMatchObject({ error: answer.status, errorCode: expect.any(String) });
    }
    if (closes) {
      expect(answer.closed).toBe(true);
      expect(answer.ms).toBeLessThan(5000);
    }
    // The next request is served.
    const next = await signedFetch(mock.url, API_KEYS_PATH, {
      body: JSON.stringify({ roles: ["ORG_MEMBER"] }),
    });
    expect(next.status).toBe(200);
    await next.arrayBuffer();
  });

  it("wrote nothing to stderr (no stack traces, no 500s)", () => {
    const written = stderr.mock.calls
      .map((call) => String(call[0]))
      .filter((text) => text.includes("atlas-mock"));
    expect(written).toEqual([]);
  });
});
