// The `x-codeSamples` of every operation the reference page shows: curl, Python (`requests`) and
// TypeScript (@atlas-admin/client), curl and Python each with an API key (HTTP Digest) and with a
// service account (OAuth 2.0 client credentials). scripts/build-docs.mjs adds them to the copy of
// the bundle that only the page reads, so the spec's bundle holds the API alone; scripts/llms.mjs
// writes the same texts into llms.txt's Markdown. Samples are built from each operation's path,
// parameters and first request example, so a new operation gets them without an edit; an
// operation with its own `x-codeSamples` keeps them. Every sample reads its inputs from the
// environment (samplesGuide names the variables), so it runs as printed against Atlas, the mock or any
// Atlas-compatible server; the contract suite runs each one (contract-tests/test/code-samples.test.ts).
// Plain JavaScript with no workspace import, so the page builds from the spec's bundle alone.
const METHODS = ["get", "put", "post", "patch", "delete"];

/** Atlas's v1.0 base URL: the default of `ATLAS_BASE_URL` when the spec names no server. */
export const ATLAS_BASE_URL = "https://cloud.mongodb.com/api/atlas/v1.0";

/**
 * The labels the reference page lists, in its order (packages/docs/redocly.yaml must name the
 * same): three languages, curl and Python each with both ways to authenticate.
 */
export const SAMPLE_LANGUAGES = [
  { lang: "curl", label: "curl (API key)" },
  { lang: "curl", label: "curl (service account)" },
  { lang: "Python", label: "Python (API key)" },
  { lang: "Python", label: "Python (service account)" },
  { lang: "TypeScript", label: "TypeScript" },
];

/**
 * The environment variable of a path parameter: `ATLAS_` and its name in SCREAMING_SNAKE_CASE
 * (`orgId` → `ATLAS_ORG_ID`, `apiUserId` → `ATLAS_API_USER_ID`).
 */
export function parameterVariable(name) {
  return `ATLAS_${snake(name).toUpperCase()}`;
}

const snake = (name) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")
    .toLowerCase();

/** The mock's default credentials (packages/mock/src/defaults.ts; contract-tests checks they match). */
export const MOCK_CREDENTIALS = {
  ATLAS_PUBLIC_KEY: "mockpublic",
  ATLAS_PRIVATE_KEY: "00000000-0000-4000-8000-000000000000",
  ATLAS_CLIENT_ID: "mdb_sa_id_000000000000000000000000",
  ATLAS_CLIENT_SECRET: "mdb_sa_sk_00000000000000000000000000000000",
};

/** The title of the guide to running the samples (samplesGuide): a section of the page of its own. */
export const SAMPLES_GUIDE_TITLE = "Running the code samples";

/**
 * How to run any sample (Markdown): its variables and, against the local mock, the values to
 * export. Headed SAMPLES_GUIDE_TITLE at heading `level` (1: `#`); level 0 (the default) is the text
 * alone. The page shows it once, as a section of its own (addCodeSamples); llms.txt links it as a
 * file of its own (scripts/llms.mjs).
 */
export function samplesGuide(spec, level = 0) {
  const base = serverOf(spec);
  const variables = new Set();
  for (const { parameters } of eachCall(spec)) for (const p of parameters) variables.add(p.name);
  const perParameter = [...variables].map((name) => `\`${parameterVariable(name)}\``).join(", ");
  const mockBase = `http://127.0.0.1:4010${new URL(base).pathname.replace(/\/$/, "")}`;
  const exports = Object.entries({ ATLAS_BASE_URL: mockBase, ...MOCK_CREDENTIALS })
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
  const title = level > 0 ? `${"#".repeat(level)} ${SAMPLES_GUIDE_TITLE}\n\n` : "";
  return `${title}Each operation's samples (curl, Python 3 with \`requests\`, TypeScript with
\`@atlas-admin/client\` and \`@types/node\`) read their inputs from environment variables and run as
printed: \`ATLAS_BASE_URL\` (default \`${base}\`), \`ATLAS_PUBLIC_KEY\` and \`ATLAS_PRIVATE_KEY\` (an API
key), \`ATLAS_CLIENT_ID\` and \`ATLAS_CLIENT_SECRET\` (a service account; the curl and Python samples
reuse a token from \`ATLAS_ACCESS_TOKEN\` when it is set, and the TypeScript ones keep theirs in
the file \`ATLAS_TOKEN_CACHE\` names, default \`~/.cache/atlas-admin/tokens.json\`, as Atlas
allows 10 token requests a minute), and one variable per path parameter (${perParameter}; default the example shown). Against
the mock (\`npm run mock\` in the toolkit's repository), run \`export ${exports}\` first; for a sample
that reads, updates or removes what another one creates, run the creating sample first and export
the id it prints as that parameter's variable. The toolkit's contract suite runs every sample as
printed.
`;
}

/** A value of the spec, with a local `$ref` (`#/…`) followed until there is none. */
export const resolve = (spec, value) => {
  if (!value || typeof value.$ref !== "string" || !value.$ref.startsWith("#/")) return value;
  return resolve(
    spec,
    value.$ref
      .slice(2)
      .split("/")
      .reduce((node, key) => node?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], spec),
  );
};

/** The example of a parameter or media type: `example`, else the first named example's value. */
function exampleOf(spec, holder) {
  if (holder?.example !== undefined) return holder.example;
  const first = Object.values(holder?.examples ?? {})[0];
  if (first !== undefined) return resolve(spec, first).value;
  const schema = resolve(spec, holder?.schema);
  return schema?.example ?? schema?.examples?.[0] ?? schema?.default;
}

const serverOf = (spec) => (spec.servers?.[0]?.url ?? ATLAS_BASE_URL).replace(/\/$/, "");

/** Every operation of the spec: its template, method and the parts of one call. */
function* eachCall(spec) {
  for (const [template, pathItem] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (pathItem?.[method]) yield callOf(spec, template, method, pathItem, pathItem[method]);
    }
  }
}

/**
 * The parts of one call: method, path template, path parameters (name, variable, example) in the
 * order of the template, required query parameters with their examples, the JSON body, if any.
 */
function callOf(spec, template, method, pathItem, operation) {
  if (operation === undefined)
    throw new TypeError(`The spec has no operation ${method.toUpperCase()} ${template}`);
  const merged = new Map();
  for (const p of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
    resolve(spec, p),
  )) {
    merged.set(`${p.in}:${p.name}`, p);
  }
  const all = [...merged.values()];
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const parameters = names.map((name) => {
    const example = exampleOf(
      spec,
      all.find((p) => p.in === "path" && p.name === name),
    );
    if (example === undefined)
      throw new TypeError(`${method.toUpperCase()} ${template}: path parameter ${name} has no example`);
    return { name, variable: parameterVariable(name), python: snake(name), example: String(example) };
  });
  const query = Object.fromEntries(
    all.filter((p) => p.in === "query" && p.required).map((p) => [p.name, exampleOf(spec, p)]),
  );
  const media = resolve(spec, operation.requestBody)?.content?.["application/json"];
  const body = media === undefined ? undefined : exampleOf(spec, media);
  const noContent = Object.entries(operation.responses ?? {}).every(
    ([status, response]) => !status.startsWith("2") || resolve(spec, response).content === undefined,
  );
  return { method: method.toUpperCase(), template, parameters, query, body, noContent };
}

/** A value as a JavaScript literal, on one line: `{ desc: "x", roles: ["ORG_MEMBER"] }`. */
function jsLiteral(value) {
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(
      ([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${jsLiteral(item)}`,
    );
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** A JSON value as a Python literal: `{"desc": "x", "ok": True, "none": None}`. */
function pyLiteral(value) {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pyLiteral(item)}`)
      .join(", ")}}`;
  }
  // JSON's string escapes (\", \\, \n, \uXXXX) are Python's too.
  return JSON.stringify(value);
}

const shellQuote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
const queryString = (query) =>
  Object.keys(query).length === 0
    ? ""
    : `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;

/** `ATLAS_BASE_URL` and each path parameter's variable, with their defaults. */
function shellVariables(call, base) {
  return [
    `ATLAS_BASE_URL="\${ATLAS_BASE_URL:-${base}}"`,
    ...call.parameters.map((p) => `${p.variable}="\${${p.variable}:-${p.example}}"`),
  ].join("\n");
}

function curlCall(call, authLines) {
  const url = `${call.template.replace(/\{([^}]+)\}/g, (_, name) => `\${${parameterVariable(name)}}`)}${queryString(call.query)}`;
  const lines = [...authLines, '--header "Accept: application/json"'];
  if (call.body !== undefined) lines.push('--header "Content-Type: application/json"');
  lines.push(`--request ${call.method}`);
  if (call.body !== undefined) lines.push(`--data ${shellQuote(JSON.stringify(call.body))}`);
  lines.push(`"\${ATLAS_BASE_URL}${url}"`);
  return `curl --fail-with-body ${lines.join(" \\\n  ")}`;
}

function curlApiKey(call, base) {
  return `${shellVariables(call, base)}
${curlCall(call, ['--digest --user "$ATLAS_PUBLIC_KEY:$ATLAS_PRIVATE_KEY"'])}
`;
}

function curlServiceAccount(call, base) {
  return `${shellVariables(call, base)}
# A token lives an hour: reuse one (ATLAS_ACCESS_TOKEN); Atlas allows 10 token requests a minute.
if [ -z "\${ATLAS_ACCESS_TOKEN:-}" ]; then
  ATLAS_ACCESS_TOKEN=$(curl --fail-with-body --silent --user "$ATLAS_CLIENT_ID:$ATLAS_CLIENT_SECRET" \\
    --data grant_type=client_credentials "$(echo "$ATLAS_BASE_URL" | cut -d/ -f1-3)/api/oauth/token" \\
    | sed -E 's/.*"access_token" *: *"([^"]+)".*/\\1/')
fi
${curlCall(call, ['--header "Authorization: Bearer $ATLAS_ACCESS_TOKEN"'])}
`;
}

function pythonCall(call, authLines) {
  const url = `f"{base_url}${call.template.replace(/\{([^}]+)\}/g, (_, name) => `{${snake(name)}}`)}"`;
  const args = [url, ...authLines];
  if (Object.keys(call.query).length > 0) args.push(`params=${pyLiteral(call.query)}`);
  if (call.body !== undefined) args.push(`json=${pyLiteral(call.body)}`);
  args.push("timeout=30");
  // An operation whose success has no body (204) prints the status instead.
  const printed = call.noContent ? "response.status_code" : "json.dumps(response.json(), indent=2)";
  return `response = requests.${call.method.toLowerCase()}(
${args.map((arg) => `    ${arg},`).join("\n")}
)
if not response.ok:
    raise SystemExit(f"{response.status_code} {response.text}")
print(${printed})
`;
}

function pythonVariables(call, base) {
  return [
    `base_url = os.environ.get("ATLAS_BASE_URL", "${base}")`,
    ...call.parameters.map((p) => `${p.python} = os.environ.get("${p.variable}", "${p.example}")`),
  ].join("\n");
}

const pythonImports = (call, extra = []) =>
  [...(call.noContent ? [] : ["import json"]), "import os", "", "import requests", ...extra].join("\n");

function pythonApiKey(call, base) {
  return `${pythonImports(call, ["from requests.auth import HTTPDigestAuth"])}

${pythonVariables(call, base)}

${pythonCall(call, [
  'auth=HTTPDigestAuth(os.environ["ATLAS_PUBLIC_KEY"], os.environ["ATLAS_PRIVATE_KEY"])',
  'headers={"Accept": "application/json"}',
])}`;
}

function pythonServiceAccount(call, base) {
  return `${pythonImports(call)}

${pythonVariables(call, base)}

# A token lives an hour: reuse one (ATLAS_ACCESS_TOKEN); Atlas allows 10 token requests a minute.
token = os.environ.get("ATLAS_ACCESS_TOKEN")
if not token:
    origin = "/".join(base_url.split("/")[:3])
    answer = requests.post(
        f"{origin}/api/oauth/token",
        auth=(os.environ["ATLAS_CLIENT_ID"], os.environ["ATLAS_CLIENT_SECRET"]),
        data={"grant_type": "client_credentials"},
        headers={"Accept": "application/json"},
        timeout=30,
    )
    if not answer.ok:
        raise SystemExit(f"token: {answer.status_code} {answer.text}")
    token = answer.json()["access_token"]

${pythonCall(call, ['headers={"Accept": "application/json", "Authorization": f"Bearer {token}"}'])}`;
}

function typescript(call, base) {
  const path = `{ ${call.parameters.map((p) => (p.name === camel(p.name) ? p.name : `${JSON.stringify(p.name)}: ${camel(p.name)}`)).join(", ")} }`;
  const params = [`path: ${call.parameters.length === 0 ? "{}" : path}`];
  if (Object.keys(call.query).length > 0) params.push(`query: ${jsLiteral(call.query)}`);
  const init = [`  params: { ${params.join(", ")} },`];
  if (call.body !== undefined) init.push(`  body: ${jsLiteral(call.body)},`);
  // An operation whose success has no body (204) prints the status instead of `data`.
  const result = call.noContent ? "{ error, response }" : "{ data, error, response }";
  const printed = call.noContent ? "response.status" : "JSON.stringify(data, null, 2)";
  const constants = call.parameters
    .map((p) => `const ${camel(p.name)} = process.env.${p.variable} ?? "${p.example}";`)
    .join("\n");
  return `/// <reference types="node" />
import { homedir } from "node:os";
import { join } from "node:path";
import { createAtlasAdminClient, fileTokenCache } from "@atlas-admin/client";

// A service account; { publicKey, privateKey } for an API key. Its token is kept in a file that
// every run of a script shares: Atlas allows 10 token requests a minute and 100 active tokens.
const atlas = createAtlasAdminClient({
  clientId: process.env.ATLAS_CLIENT_ID ?? "",
  clientSecret: process.env.ATLAS_CLIENT_SECRET ?? "",
  baseUrl: process.env.ATLAS_BASE_URL ?? "${base}",
  tokenCache: fileTokenCache(process.env.ATLAS_TOKEN_CACHE ?? join(homedir(), ".cache", "atlas-admin", "tokens.json")),
});
${constants}

const ${result} = await atlas.${call.method}("${call.template}", {
${init.join("\n")}
});
if (error) throw new Error(\`\${response.status} \${error.errorCode}: \${error.detail}\`);
console.log(${printed});
`;
}

/** A parameter name as a JavaScript identifier: `orgId` stays, `org-id` becomes `orgId`. */
const camel = (name) => snake(name).replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * The samples of one operation (`spec.paths[template][method]`), labelled and ordered as
 * SAMPLE_LANGUAGES, against the spec's first server (default Atlas's v1.0 base URL).
 * @throws TypeError when the spec has no such operation, or a path parameter has no example.
 */
export function codeSamples(spec, template, method) {
  const pathItem = spec.paths?.[template];
  if (pathItem === undefined) throw new TypeError(`The spec has no path ${template}`);
  const call = callOf(spec, template, method, pathItem, pathItem[method]);
  const base = serverOf(spec);
  const sources = [
    curlApiKey(call, base),
    curlServiceAccount(call, base),
    pythonApiKey(call, base),
    pythonServiceAccount(call, base),
    typescript(call, base),
  ];
  return SAMPLE_LANGUAGES.map((language, index) => ({ ...language, source: sources[index] }));
}

/**
 * Gives every operation of `spec` samples (its own `x-codeSamples`, or these), and the spec a last
 * tag, SAMPLES_GUIDE_TITLE, whose description is the guide to running them (samplesGuide): Redoc
 * shows it as a section of its own. Changes `spec` in place and returns it.
 */
export function addCodeSamples(spec) {
  for (const [template, pathItem] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (operation && operation["x-codeSamples"] === undefined) {
        operation["x-codeSamples"] = codeSamples(spec, template, method);
      }
    }
  }
  spec.tags = [...(spec.tags ?? []), { name: SAMPLES_GUIDE_TITLE, description: samplesGuide(spec) }];
  return spec;
}
