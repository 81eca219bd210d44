// The `x-codeSamples` of every operation the reference page shows: curl with an API key (Digest),
// curl with a service account's token (and the token request), and TypeScript with
// @atlas-admin/client. scripts/build-docs.mjs adds them to the copy of the bundle that only the page
// reads, so the spec's bundle holds the API alone. Samples are built from each operation's path,
// parameter examples and first request example, so a new operation gets them without an edit; an
// operation with its own `x-codeSamples` keeps them. Plain JavaScript with no workspace import, so
// the page builds from the spec's bundle alone.
const METHODS = ["get", "put", "post", "patch", "delete"];

/** The labels the reference page lists (packages/docs/redocly.yaml must name the same). */
export const SAMPLE_LANGUAGES = [
  { lang: "curl", label: "curl (API key)" },
  { lang: "curl", label: "curl (service account)" },
  { lang: "TypeScript", label: "TypeScript" },
];

const resolve = (spec, value) => {
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
  return holder?.schema ? resolve(spec, holder.schema).example : undefined;
}

/** The parts of one call: its method, path template, filled path and JSON body, if any. */
function callOf(spec, template, method, pathItem, operation) {
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
    resolve(spec, p),
  );
  const pathParams = Object.fromEntries(
    parameters.filter((p) => p.in === "path").map((p) => [p.name, String(exampleOf(spec, p))]),
  );
  const path = template.replace(/\{([^}]+)\}/g, (_, name) => pathParams[name] ?? `{${name}}`);
  const media = resolve(spec, operation.requestBody)?.content?.["application/json"];
  const body = media === undefined ? undefined : exampleOf(spec, media);
  const noContent = Object.entries(operation.responses ?? {}).every(
    ([status, response]) => !status.startsWith("2") || resolve(spec, response).content === undefined,
  );
  return { method: method.toUpperCase(), template, path, pathParams, body, noContent };
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

const shellQuote = (text) => `'${text.replaceAll("'", "'\\''")}'`;

function curlLines(call, url, authLines) {
  const lines = [...authLines, '--header "Accept: application/json"'];
  if (call.body !== undefined) lines.push('--header "Content-Type: application/json"');
  lines.push(`--request ${call.method}`);
  if (call.body !== undefined) lines.push(`--data ${shellQuote(JSON.stringify(call.body))}`);
  lines.push(`"${url}"`);
  return `curl --fail-with-body ${lines.join(" \\\n  ")}`;
}

function typescript(call) {
  const init = [`  params: { path: ${jsLiteral(call.pathParams)} },`];
  if (call.body !== undefined) init.push(`  body: ${jsLiteral(call.body)},`);
  // An operation whose success has no body (204) prints the status instead of `data`.
  const result = call.noContent ? "{ error, response }" : "{ data, error, response }";
  const printed = result.includes("data") ? "JSON.stringify(data, null, 2)" : "response.status";
  return `import { createAtlasAdminClient } from "@atlas-admin/client";

// A service account; { publicKey, privateKey } for an API key. baseUrl unset: Atlas itself.
const atlas = createAtlasAdminClient({
  clientId: process.env.ATLAS_CLIENT_ID ?? "",
  clientSecret: process.env.ATLAS_CLIENT_SECRET ?? "",
  baseUrl: process.env.ATLAS_BASE_URL,
});

const ${result} = await atlas.${call.method}("${call.template}", {
${init.join("\n")}
});
if (error) throw new Error(\`\${response.status} \${error.errorCode}: \${error.detail}\`);
console.log(${printed});
await atlas.revokeToken(); // Atlas keeps at most 100 active tokens per service account
`;
}

/**
 * The three samples of one operation (`spec.paths[template][method]`), labelled as
 * SAMPLE_LANGUAGES, against the spec's first server (default Atlas's v1.0 base URL).
 * @throws TypeError when the spec has no such operation.
 */
export function codeSamples(spec, template, method) {
  const pathItem = spec.paths[template];
  const call = callOf(spec, template, method, pathItem, pathItem[method]);
  const server = (spec.servers?.[0]?.url ?? "https://cloud.mongodb.com/api/atlas/v1.0").replace(/\/$/, "");
  const url = `${server}${call.path}`;
  const tokenUrl = new URL("/api/oauth/token", server).href;
  const [digest, bearer, ts] = SAMPLE_LANGUAGES;
  return [
    { ...digest, source: curlLines(call, url, ['--digest --user "$ATLAS_PUBLIC_KEY:$ATLAS_PRIVATE_KEY"']) },
    {
      ...bearer,
      source: `# One token per hour, not one per call: Atlas allows 10 token requests a minute.
TOKEN=$(curl --fail-with-body --silent --user "$ATLAS_CLIENT_ID:$ATLAS_CLIENT_SECRET" \\
  --data grant_type=client_credentials "${tokenUrl}" \\
  | sed -E 's/.*"access_token" *: *"([^"]+)".*/\\1/')
${curlLines(call, url, ['--header "Authorization: Bearer $TOKEN"'])}`,
    },
    { ...ts, source: typescript(call) },
  ];
}

/**
 * Gives every operation of `spec` samples (its own `x-codeSamples`, or these); changes `spec` in
 * place and returns it.
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
  return spec;
}
