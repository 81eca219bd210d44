/**
 * The mock's answers through its HTTP interface, as a user starts it (the built CLI) and with
 * clients that are not the project's own: curl, and raw node:http for bytes curl will not send.
 * Operations, examples and error codes are read from the bundled spec, never listed by hand.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import {
  createSpecValidator,
  exampleBody,
  exampleParameters,
  METHODS,
  specOperations,
} from "@atlas-admin/spec-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl, requireCurl } from "./helpers/curl.js";
import { authorization, fetchChallenge } from "./helpers/digest-client.js";
import { spec } from "./helpers/spec.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const ORG = "5980cfc70b6d12029d82e3f6";
const validator = createSpecValidator(spec);
const JSON_TYPE = { "Content-Type": "application/json" };

interface Cli {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<unknown[]>;
}

async function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Cli> {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`pnpm --filter @atlas-admin/mock run build\`.`);
  const { PORT: _p, ATLAS_MOCK_PORT: _m, ATLAS_MOCK_SEED: _s, ...inherited } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...inherited, ...env }, stdio: "pipe" });
  const exited = once(child, "exit");
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^Atlas mock listening on (http:\/\/\S+)$/m.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then(() => reject(new Error(`The CLI exited before listening:\n${output}`)));
  });
  return { child, url, exited };
}

async function stop(cli: Cli): Promise<void> {
  cli.child.kill("SIGTERM");
  await cli.exited;
}

/** Every operation of the spec (from the spec): its path with the parameters filled in, and its parts. */
const operations = specOperations(spec).map((operation) => {
  const examples = (status: string): string[] =>
    Object.keys(operation.response(status)?.content?.["application/json"]?.examples ?? {});
  const body = exampleBody(operation);
  const { path } = exampleParameters(operation);
  return {
    template: operation.path,
    method: operation.method.toUpperCase(),
    path: operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => String(path[name] ?? ORG)),
    statuses: operation.statuses.map(String),
    success: String(operation.success),
    examples,
    body: body === undefined ? undefined : JSON.stringify(body),
  };
});
type Operation = (typeof operations)[number];
const withBody = operations.filter((o): o is Operation & { body: string } => o.body !== undefined);
const apiKeys = withBody.find((o) => o.template === "/orgs/{orgId}/apiKeys");
const linkTokens = withBody.find((o) => o.template === "/orgs/{orgId}/liveMigrations/linkTokens");
if (!apiKeys || !linkTokens) throw new Error("The spec lost one of its operations");

let cli: Cli;
const url = (path: string) => `${cli.url}${path}`;
const post = (path: string, data: string, headers: Record<string, string> = JSON_TYPE) =>
  curl(url(path), { method: "POST", headers, data });
/** The operation's own method, with its example body when it takes one (no Content-Type without). */
const call = (operation: Operation, headers: Record<string, string> = JSON_TYPE) => {
  if (operation.body !== undefined)
    return curl(url(operation.path), { method: operation.method, headers, data: operation.body });
  const { "Content-Type": _none, ...rest } = headers;
  return curl(url(operation.path), { method: operation.method, headers: rest });
};

beforeAll(async () => {
  requireCurl();
  cli = await startCli(["--port", "0"]);
});
afterAll(() => stop(cli));

describe("request bodies get the error the spec maps for their first broken rule", () => {
  it.each<[string, unknown, string, unknown[]]>([
    ["1: an unknown role", { roles: ["ORG_NOPE"] }, "INVALID_ROLE_FOR_ORG", ["ORG_NOPE"]],
    ["2: an empty desc", { desc: "" }, "INVALID_API_KEY_DESC", []],
    ["2: a 251-character desc", { desc: "x".repeat(251) }, "INVALID_API_KEY_DESC", []],
    ["3: empty roles", { desc: "x", roles: [] }, "MISSING_API_KEY_ROLES", []],
    [
      "4: an unknown attribute beside valid roles",
      { roles: ["ORG_MEMBER"], x: 1 },
      "INVALID_ATTRIBUTE",
      ["x"],
    ],
    [
      "2 before 1: a bad desc and an unknown role",
      { desc: "", roles: ["ORG_NOPE"] },
      "INVALID_API_KEY_DESC",
      [],
    ],
    ["4 before 2: an unknown attribute and a bad desc", { desc: "", x: 1 }, "INVALID_ATTRIBUTE", ["x"]],
    [
      "4: a response-only field",
      { roles: ["ORG_MEMBER"], id: "5c47ba5127d9d61b9fd8a27b" },
      "INVALID_ATTRIBUTE",
      ["id"],
    ],
  ])("row %s", async (_, body, errorCode, parameters) => {
    const response = await post(apiKeys.path, JSON.stringify(body));
    expect(response.status).toBe(400);
    const error = response.json();
    expect(error).toMatchObject({ error: 400, errorCode, parameters });
    expect(String(error.detail)).not.toMatch(/anyOf/);
    expect(validator.schema("ApiError")(error)).toBe(true);
  });

  it("row 1: the detail is the spec's own example with the request's role", async () => {
    const error = (await post(apiKeys.path, '{"roles":["ORG_NOPE"]}')).json();
    const example = spec.components.examples.InvalidRoleForOrg.value;
    expect(error.detail).toBe(String(example.detail).replace(example.parameters[0], "ORG_NOPE"));
  });

  it("row 5: an empty body gets one message saying at least one of desc and roles is required", async () => {
    const response = await post(apiKeys.path, "{}");
    expect(response.status).toBe(400);
    const error = response.json() as { detail: string; badRequestDetail: { fields: unknown[] } };
    expect(error.detail).toMatch(/at least one of desc and roles/);
    expect(error.badRequestDetail.fields).toHaveLength(1);
  });

  it.each(["999.1.1.1", "not-an-ip", "203.0.113.0/33", "2001:db8::/129"])(
    "row 6: the access-list entry %j gets INVALID_IP_ADDRESS_OR_CIDR_NOTATION naming it",
    async (entry) => {
      const response = await post(linkTokens.path, JSON.stringify({ accessListIps: ["203.0.113.7", entry] }));
      expect(response.status).toBe(400);
      expect(response.json()).toMatchObject({
        errorCode: "INVALID_IP_ADDRESS_OR_CIDR_NOTATION",
        detail: `The address ${entry} must be in valid IP address or CIDR notation.`,
        parameters: [entry],
      });
    },
  );

  it("row 6: IPv4, IPv6 and CIDR blocks of both are accepted", async () => {
    const entries = [
      "203.0.113.7",
      "192.0.2.0/24",
      "2001:db8::8a2e:370:7334",
      "2001:db8::/32",
      "::ffff:192.0.2.1",
    ];
    const response = await post(linkTokens.path, JSON.stringify({ accessListIps: entries }));
    expect(response.status).toBe(Number(linkTokens.success));
  });

  it("row 12: an invalid orgId is reported with the spec's spelling, orgId", async () => {
    const response = await post(apiKeys.path.replace(ORG, "5980CFC70B6D12029D82E3F6"), apiKeys.body);
    expect(response.status).toBe(400);
    expect(response.text).toContain("path.orgId");
    expect(response.text).not.toContain("orgid");
    expect(response.headers["sl-violations"]).not.toContain("orgid");
  });
});

describe("Prefer never gives another status than the one asked for, nor a 5xx", () => {
  for (const operation of operations) {
    it(`row 7: ${operation.template}: a code whose response lacks the example gets 422 naming its examples`, async () => {
      for (const status of operation.statuses) {
        const other = operation.statuses.find((s) => s !== status) as string;
        const foreign = operation.examples(other).find((name) => !operation.examples(status).includes(name));
        if (foreign === undefined) continue;
        const response = await call(operation, {
          ...JSON_TYPE,
          Prefer: `code=${status}, example=${foreign}`,
        });
        expect(response.status, `code=${status}, example=${foreign}`).toBe(422);
        const error = response.json();
        expect(error).toMatchObject({ error: 422, errorCode: "INVALID_PREFER_HEADER" });
        for (const name of operation.examples(status)) expect(error.detail).toContain(name);
      }
    });

    it(`row 8: ${operation.template}: an unknown example gets 422 naming the ones that exist`, async () => {
      const response = await call(operation, {
        ...JSON_TYPE,
        Prefer: `code=${operation.success}, example=nosuch`,
      });
      expect(response.status).toBe(422);
      for (const name of operation.examples(operation.success))
        expect(response.json().detail).toContain(name);
      const withoutCode = await call(operation, {
        ...JSON_TYPE,
        Prefer: "example=nosuch",
      });
      expect(withoutCode.status).toBe(422);
    });

    it(`${operation.template}: every declared status asked for arrives, even with an invalid body`, async () => {
      for (const status of operation.statuses) {
        const response = await call(operation, {
          ...JSON_TYPE,
          Prefer: `code=${status}`,
        });
        expect(response.status).toBe(Number(status));
        if (status === "400" || status.startsWith("2") || operation.body === undefined) continue;
        const invalid = await curl(url(operation.path), {
          method: operation.method,
          headers: { ...JSON_TYPE, Prefer: `code=${status}` },
          data: '{"nope":1}',
        });
        expect(invalid.status).toBe(Number(status));
      }
    });

    it(`${operation.template}: an example named without a code comes with its own response's status`, async () => {
      for (const status of operation.statuses) {
        for (const name of operation.examples(status)) {
          const response = await call(operation, {
            ...JSON_TYPE,
            Prefer: `example=${name}`,
          });
          expect(response.status, name).toBe(Number(status));
        }
      }
    });
  }

  it("an Accept the operation cannot meet gets 406, with or without Prefer (never a 5xx)", async () => {
    for (const accept of ["text/plain", "application/xml", "application/json;q=0"]) {
      for (const prefer of [undefined, "code=404", `code=${apiKeys.success}`]) {
        const headers: Record<string, string> = { ...JSON_TYPE, Accept: accept };
        if (prefer !== undefined) headers.Prefer = prefer;
        const response = await post(apiKeys.path, apiKeys.body, headers);
        expect(response.status, `${accept} ${prefer}`).toBe(406);
        expect(response.json()).toMatchObject({ errorCode: "NOT_ACCEPTABLE" });
      }
    }
    for (const accept of ["*/*", "application/*", "application/json, text/plain;q=0.5"]) {
      const response = await post(apiKeys.path, apiKeys.body, { ...JSON_TYPE, Accept: accept });
      expect(response.status, accept).toBe(Number(apiKeys.success));
    }
  });

  it("an undeclared code, in Prefer or Prism's __code query, gets 422 naming the declared ones", async () => {
    const viaHeader = await post(apiKeys.path, apiKeys.body, { ...JSON_TYPE, Prefer: "code=418" });
    const viaQuery = await post(`${apiKeys.path}?__code=418`, apiKeys.body);
    for (const response of [viaHeader, viaQuery]) {
      expect(response.status).toBe(422);
      expect(response.json().detail).toContain(apiKeys.statuses.join(", "));
    }
  });
});

describe("HTTP conformance", () => {
  it.each([
    "application/merge-patch+json",
    "application/vnd.atlas.2023-01-01+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json; charset=iso-8859-1",
    "application/jsonx",
  ])("row 9: Content-Type %s with a valid body gets 415", async (contentType) => {
    for (const operation of withBody) {
      const response = await call(operation, { "Content-Type": contentType });
      expect(response.status, operation.template).toBe(415);
      expect(response.json()).toMatchObject({ errorCode: "UNSUPPORTED_MEDIA_TYPE" });
    }
  });

  it.each(["application/json; charset=utf-8", "Application/JSON", 'application/json;charset="UTF-8"'])(
    "Content-Type %s is application/json",
    async (contentType) => {
      const response = await post(apiKeys.path, apiKeys.body, { "Content-Type": contentType });
      expect(response.status).toBe(Number(apiKeys.success));
    },
  );

  it("row 10: a method the path does not have gets 405 with Allow", async () => {
    for (const operation of operations) {
      const allowed = Object.keys(spec.paths[operation.template])
        .filter((k) => (METHODS as readonly string[]).includes(k))
        .map((m) => m.toUpperCase());
      // A method this path of the spec does not have, whatever the spec holds.
      const undefinedMethod = ["PATCH", "PUT", "DELETE", "POST", "GET"].find((m) => !allowed.includes(m));
      const response = await curl(url(operation.path), { method: undefinedMethod });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe(allowed.join(", "));
    }
  });

  it.each<[string, () => Promise<{ status: number; text: string }>]>([
    ["400 (broken rule)", () => post(`${apiKeys.path}?pretty=true`, '{"roles":[]}')],
    ["400 (malformed JSON)", () => post(`${apiKeys.path}?pretty=true`, '{"roles":')],
    ["404", () => post(`/orgs/${ORG}/clusters?pretty=true`, "{}")],
    ["405", () => curl(url(`${apiKeys.path}?pretty=true`), { method: "DELETE" })],
    ["415", () => post(`${apiKeys.path}?pretty=true`, apiKeys.body, { "Content-Type": "text/plain" })],
    [
      "422 (Prefer)",
      () => post(`${apiKeys.path}?pretty=true`, apiKeys.body, { ...JSON_TYPE, Prefer: "code=418" }),
    ],
    ["401", () => curl(url(`${apiKeys.path}?pretty=true`), { method: "POST", user: "nobody:wrong" })],
    ["200", () => post(`${apiKeys.path}?pretty=true`, apiKeys.body)],
  ])("row 11: pretty=true indents a %s body", async (_, send) => {
    const { text } = await send();
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
    expect(text).toContain("\n  ");
  });

  it("an empty pretty= is not a boolean (OpenAPI 3.1: allowEmptyValue is off): 400 naming query.pretty", async () => {
    for (const query of ["?pretty=", "?pretty"]) {
      const response = await post(`${apiKeys.path}${query}`, apiKeys.body);
      expect(response.status, query).toBe(400);
      expect(response.json()).toMatchObject({ errorCode: "VALIDATION_ERROR", parameters: ["query.pretty"] });
    }
  });

  it("a query parameter that breaks its schema is named query.<name>, in the spec's spelling", async () => {
    const response = await post(`${apiKeys.path}?pretty=abc`, apiKeys.body);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({
      parameters: ["query.pretty"],
      badRequestDetail: { fields: [expect.objectContaining({ field: "query.pretty" })] },
    });
  });

  it("percent-encoded unreserved characters are the characters themselves (RFC 3986 §6.2.2)", async () => {
    const encoded = `/orgs/%35980cfc70b6d12029d82e3f6/apiKey%73`;
    const response = await post(encoded, apiKeys.body);
    expect(response.status).toBe(Number(apiKeys.success));
    const roles = response.json().roles as { orgId: string }[];
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role.orgId).toBe(ORG);
  });

  it("an encoded slash is data, not a separator: no such path", async () => {
    const response = await post(`/orgs/${ORG}%2FapiKeys`, apiKeys.body);
    expect(response.status).toBe(404);
  });

  it("a body that is not UTF-8 is not JSON (RFC 8259 §8.1): 400 MALFORMED_REQUEST", async () => {
    const latin1 = Buffer.from('{"desc":"caf\u00e9"}', "latin1");
    const { status, body } = await rawPost(apiKeys.path, latin1, "application/json");
    expect(status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({
      errorCode: "MALFORMED_REQUEST",
      detail: expect.stringContaining("UTF-8"),
    });
  });

  it("UTF-8 with a byte order mark is accepted (RFC 8259 §8.1 lets a parser ignore it)", async () => {
    const withBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"desc":"caf\u00e9"}', "utf8"),
    ]);
    const { status, body } = await rawPost(apiKeys.path, withBom, "application/json");
    expect(status).toBe(Number(apiKeys.success));
    expect(JSON.parse(body)).toMatchObject({ desc: "caf\u00e9" });
  });
});

describe("row 13: success bodies are built from the request", () => {
  it("a new API key carries the request's desc and roles, fresh ids and keys, and a link to itself", async () => {
    const responses = await Promise.all(
      [1, 2].map(() => post(apiKeys.path, '{"desc":"ci","roles":["ORG_OWNER"]}')),
    );
    for (const response of responses) {
      expect(response.status).toBe(Number(apiKeys.success));
      const key = response.json() as Record<string, any>;
      expect(validator.response(apiKeys.template, "post", apiKeys.success)(key)).toBe(true);
      expect(key.desc).toBe("ci");
      expect(key.roles).toEqual([{ orgId: ORG, roleName: "ORG_OWNER" }]);
      expect(key.id).toMatch(/^[a-f0-9]{24}$/);
      expect(key.publicKey).toMatch(/^[a-z]{8}$/);
      expect(key.privateKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // The link names the origin the request came to, under the spec's server path: following it
      // stays with the mock.
      expect(key.links[0].href).toBe(
        `${cli.url}${new URL(spec.servers[0].url).pathname}/orgs/${ORG}/apiKeys/${key.id}`,
      );
      const self = await curl(key.links[0].href);
      expect(self.status).toBe(200);
      expect(self.json()).toMatchObject({ id: key.id, desc: "ci" });
    }
    const [first, second] = responses.map((r) => r.json());
    expect(first?.id).not.toBe(second?.id);
    expect(first?.privateKey).not.toBe(second?.privateKey);
  });

  it("a roles-only request gives a key without desc, its roles under the path's org", async () => {
    const other = "0123456789abcdef01234567";
    const key = (await post(`/orgs/${other}/apiKeys`, '{"roles":["ORG_MEMBER","ORG_READ_ONLY"]}')).json();
    expect(key).not.toHaveProperty("desc");
    expect(key.roles).toEqual([
      { orgId: other, roleName: "ORG_MEMBER" },
      { orgId: other, roleName: "ORG_READ_ONLY" },
    ]);
  });

  it("a fresh linkToken per link-token call", async () => {
    const tokens = await Promise.all([1, 2].map(() => post(linkTokens.path, linkTokens.body)));
    const [a, b] = tokens.map((t) => t.json().linkToken);
    expect(a).toEqual(expect.any(String));
    expect(a).not.toBe(b);
    for (const token of tokens)
      expect(validator.response(linkTokens.template, "post", linkTokens.success)(token.json())).toBe(true);
  });

  it("Prefer: example=<name> still serves that example verbatim", async () => {
    for (const operation of operations) {
      for (const name of operation.examples(operation.success)) {
        const response = await call(operation, {
          ...JSON_TYPE,
          Prefer: `example=${name}`,
        });
        const example = Object.values<any>(spec.components.examples).find(
          (e) => JSON.stringify(e.value) === response.text,
        );
        expect(example, name).toBeDefined();
      }
    }
  });

  it("--seed N makes two runs give the same bodies; ATLAS_MOCK_SEED does the same", async () => {
    const runs = [];
    for (const [args, env] of [
      [["--port", "0", "--seed", "42"], {}],
      [["--port", "0"], { ATLAS_MOCK_SEED: "42" }],
    ] as const) {
      const seeded = await startCli([...args], env);
      try {
        const bodies = [];
        for (const operation of operations) {
          bodies.push(
            (
              await curl(`${seeded.url}${operation.path}`, {
                method: operation.method,
                ...(operation.body === undefined ? {} : { headers: JSON_TYPE, data: operation.body }),
              })
            ).text.replaceAll(seeded.url, "<the mock's origin>"), // links name the port of each run
          );
        }
        runs.push(bodies);
      } finally {
        await stop(seeded);
      }
    }
    expect(runs[0]).toEqual(runs[1]);
  });
});

describe("pnpm mock on a busy port", () => {
  it.each<[string, (port: number) => [string[], NodeJS.ProcessEnv]]>([
    ["--port", (port) => [["--port", String(port)], {}]],
    ["ATLAS_MOCK_PORT", (port) => [[], { ATLAS_MOCK_PORT: String(port) }]],
  ])("with %s fails with one line naming the port and how to change it, exit code 1", async (_, how) => {
    const blocker = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const port = (blocker.address() as { port: number }).port;
    try {
      const [args, env] = how(port);
      const { PORT: _p, ATLAS_MOCK_PORT: _m, ...inherited } = process.env;
      const child = spawn(process.execPath, [CLI, ...args], { env: { ...inherited, ...env }, stdio: "pipe" });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const [code] = await once(child, "exit");
      expect(code).toBe(1);
      const lines = stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`port ${port}\\b.*--port.*ATLAS_MOCK_PORT`));
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});

/** A signed POST over node:http, with bytes curl would rewrite or refuse. */
async function rawPost(
  path: string,
  body: Buffer,
  contentType: string,
): Promise<{ status: number; body: string }> {
  const { params } = await fetchChallenge(cli.url, path);
  const target = new URL(cli.url);
  const header = authorization({
    method: "POST",
    uri: path,
    nonce: params.nonce as string,
    username: "mockpublic",
    password: "00000000-0000-4000-8000-000000000000",
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: "POST",
        path,
        headers: { "Content-Type": contentType, "Content-Length": body.length, Authorization: header },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
