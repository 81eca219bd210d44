// The reference for assistants, built from the spec beside the page: `llms.txt` (the llms.txt
// format: an H1, a summary blockquote, H2 sections of links) and one Markdown file per operation
// (parameters, body, statuses with their error codes, rate limit, code samples), plus the guide
// to running the samples and the files the spec's descriptions point at. A sample is published
// only when sample-runs.json records a passing run of its exact text for this spec
// (scripts/sample-runs.mjs); otherwise the build fails. Run by scripts/build-llms.mjs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve, SAMPLES_GUIDE_TITLE, samplesGuide } from "./code-samples.mjs";
import { publishedSamples, RECORD_COMMAND, samplesWithoutRun, specDigest } from "./sample-runs.mjs";

const METHODS = ["get", "put", "post", "patch", "delete"];
const FENCES = { curl: "sh", Python: "python", TypeScript: "ts" };

/**
 * Files of the repository that the spec's descriptions name, published beside the page under
 * `name`; withPublishedLinks turns each mention of `path` into a link to that copy.
 */
export const PUBLISHED_BESIDE_PAGE = [
  {
    path: "docs/decisions/spec-disagreements.md",
    name: "spec-disagreements.md",
    title: "Where MongoDB's sources disagree, and the choice made",
  },
  // spec-disagreements.md links it.
  {
    path: "docs/decisions/token-service-document.md",
    name: "token-service-document.md",
    title: "Why the service-account token service is an OpenAPI document of its own",
  },
];
const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));

/** The text of each file PUBLISHED_BESIDE_PAGE names, by its name beside the page. */
export function filesBesidePage() {
  return Object.fromEntries(
    PUBLISHED_BESIDE_PAGE.map(({ path, name }) => [name, readFileSync(`${REPOSITORY}${path}`, "utf8")]),
  );
}

/**
 * The spec with every `` `docs/decisions/…md` `` mention of a file in PUBLISHED_BESIDE_PAGE made a
 * link to its copy beside the page: a relative URL (`base` before it, e.g. `../` for a file one
 * folder down), so it resolves wherever the page is served. Changes `spec` in place and returns it.
 */
export function withPublishedLinks(spec, base = "") {
  const rewrite = (text) => {
    let result = text;
    for (const { path, name } of PUBLISHED_BESIDE_PAGE) {
      result = result.replaceAll(`\`${path}\``, `[${name}](${base}${name})`);
    }
    return result;
  };
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "description" && typeof value === "string") node[key] = rewrite(value);
        else walk(value);
      }
    }
  };
  walk(spec);
  return spec;
}

/** One line of a Markdown table cell: pipes escaped, newlines as spaces. */
const cell = (text) =>
  String(text ?? "")
    .replace(/\s*\n\s*/g, " ")
    .replaceAll("|", "\\|")
    .trim();

/** The operation's Markdown file name, relative to llms.txt. */
export const operationFile = (operationId) => `operations/${operationId}.md`;

/** Every operation: template, method, operation object and merged parameters. */
function operationsOf(spec) {
  const result = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const merged = new Map();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
        resolve(spec, p),
      )) {
        merged.set(`${p.in}:${p.name}`, p);
      }
      result.push({ template, method, operation, parameters: [...merged.values()] });
    }
  }
  return result;
}

/** A schema in a few words: `string, 1–250 characters`, `array of string (ORG_OWNER, …)`. */
function typeOf(spec, schema) {
  const s = resolve(spec, schema) ?? {};
  const parts = [];
  if (s.type === "array") parts.push(`array of ${typeOf(spec, s.items)}`);
  else parts.push(Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any"));
  if (s.minLength !== undefined && s.minLength === s.maxLength) parts.push(`${s.minLength} characters`);
  else if (s.minLength !== undefined || s.maxLength !== undefined)
    parts.push(`${s.minLength ?? 0}–${s.maxLength ?? "∞"} characters`);
  if (s.minItems !== undefined || s.maxItems !== undefined)
    parts.push(`${s.minItems ?? 0}–${s.maxItems ?? "∞"} items`);
  if (s.minimum !== undefined || s.maximum !== undefined)
    parts.push(`${s.minimum ?? "−∞"}–${s.maximum ?? "∞"}`);
  if (s.default !== undefined) parts.push(`default \`${JSON.stringify(s.default)}\``);
  if (s.pattern !== undefined)
    parts.push(s.pattern.length <= 40 ? `pattern \`${s.pattern}\`` : "a pattern (see the description)");
  if (Array.isArray(s.enum)) parts.push(`one of ${s.enum.map((v) => `\`${v}\``).join(", ")}`);
  return parts.join(", ");
}

/** The properties of a body schema, its branches (`anyOf`, `oneOf`, `allOf`) merged. */
function propertiesOf(spec, schema) {
  const s = resolve(spec, schema) ?? {};
  const branches = [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])].map((b) =>
    propertiesOf(spec, b),
  );
  const properties = { ...Object.fromEntries(branches.flatMap((b) => Object.entries(b.properties))) };
  Object.assign(properties, s.properties ?? {});
  // Required: by the schema itself, by every allOf branch, or by every anyOf/oneOf branch.
  const required = new Set(s.required ?? []);
  for (const b of (s.allOf ?? []).map((x) => propertiesOf(spec, x)))
    for (const name of b.required) required.add(name);
  const alternatives = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].map((x) => propertiesOf(spec, x));
  if (alternatives.length > 0) {
    for (const name of alternatives[0].required) {
      if (alternatives.every((b) => b.required.has(name))) required.add(name);
    }
  }
  return { properties, required };
}

/** The error codes of a response: the `errorCode` of each of its named examples. */
function errorCodes(spec, response) {
  const examples = resolve(spec, response)?.content?.["application/json"]?.examples ?? {};
  return [
    ...new Set(
      Object.values(examples)
        .map((example) => resolve(spec, example)?.value?.errorCode)
        .filter((code) => typeof code === "string"),
    ),
  ];
}

/** The rate limit of the operation's endpoint group (its tag's `x-atlas-rate-limit`), as a sentence. */
function rateLimit(spec, operation) {
  const tag = (spec.tags ?? []).find((t) => operation.tags?.includes(t.name) && t["x-atlas-rate-limit"]);
  if (tag === undefined) return undefined;
  const { scope, capacity, refill, periodSeconds } = tag["x-atlas-rate-limit"];
  return `${capacity} requests per ${String(scope).toLowerCase()} (endpoint group ${tag.name}), ${refill} more every ${periodSeconds} s; past it, \`429 RATE_LIMITED\` with \`Retry-After\`.`;
}

/** The Markdown file of one operation; `samples` are the ones to publish. */
function operationMarkdown(spec, { template, method, operation, parameters }, samples) {
  const lines = [`# ${operation.summary ?? operation.operationId}`, ""];
  lines.push(`\`${method.toUpperCase()} ${template}\` (operationId \`${operation.operationId}\`)`, "");
  if (operation.description) lines.push(operation.description.trim(), "");
  const server = (spec.servers?.[0]?.url ?? "").replace(/\/$/, "");
  if (server) lines.push(`Base URL: \`${server}\`.`, "");

  lines.push("## Authentication", "");
  const schemes = spec.components?.securitySchemes ?? {};
  for (const requirement of operation.security ?? spec.security ?? []) {
    for (const name of Object.keys(requirement)) {
      const scheme = schemes[name];
      const kind =
        scheme?.type === "oauth2" ? "OAuth 2.0 client credentials, Bearer token" : `HTTP ${scheme?.scheme}`;
      lines.push(`- \`${name}\` (${kind}): ${cell(scheme?.description)}`);
    }
  }
  lines.push("", "Either one is enough.", "");

  lines.push("## Parameters", "");
  if (parameters.length === 0) lines.push("None.", "");
  else {
    lines.push("| name | in | required | type | description |", "|---|---|---|---|---|");
    for (const p of parameters) {
      const example = p.example === undefined ? "" : ` Example: \`${p.example}\`.`;
      lines.push(
        `| \`${p.name}\` | ${p.in} | ${p.required ? "yes" : "no"} | ${cell(typeOf(spec, p.schema))} | ${cell(p.description)}${example} |`,
      );
    }
    lines.push("");
  }

  lines.push("## Request body", "");
  const requestBody = resolve(spec, operation.requestBody);
  const media = requestBody?.content?.["application/json"];
  if (media === undefined) lines.push("None.", "");
  else {
    const schema = resolve(spec, media.schema);
    lines.push(
      `\`application/json\`, ${requestBody.required ? "required" : "optional"}. ${cell(requestBody.description)}`,
      "",
    );
    if (schema?.description) lines.push(schema.description.trim(), "");
    const { properties, required } = propertiesOf(spec, schema);
    lines.push("| field | required | type | description |", "|---|---|---|---|");
    for (const [name, property] of Object.entries(properties)) {
      lines.push(
        `| \`${name}\` | ${required.has(name) ? "yes" : "no"} | ${cell(typeOf(spec, property))} | ${cell(resolve(spec, property)?.description)} |`,
      );
    }
    lines.push("");
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      lines.push(
        `Example \`${name}\`:`,
        "",
        "```json",
        JSON.stringify(resolve(spec, example).value, null, 2),
        "```",
        "",
      );
    }
  }

  lines.push("## Responses", "", "| status | meaning | error codes |", "|---|---|---|");
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const codes = errorCodes(spec, response).map((code) => `\`${code}\``);
    lines.push(`| ${status} | ${cell(resolve(spec, response)?.description)} | ${codes.join(", ")} |`);
  }
  lines.push(
    "",
    "Every error body is Atlas's `ApiError`: `error` (the status), `errorCode`, `detail`, `reason`.",
    "",
  );

  const limit = rateLimit(spec, operation);
  lines.push("## Rate limit", "", limit ?? "None documented.", "");

  lines.push(
    "## Code samples",
    "",
    `How to run them: [${SAMPLES_GUIDE_TITLE}](../running-code-samples.md).`,
    "",
  );
  for (const sample of samples) {
    const fence = FENCES[sample.lang] ?? "";
    lines.push(`### ${sample.label}`, "", `\`\`\`${fence}`, sample.source.replace(/\n$/, ""), "```", "");
  }
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}

/**
 * The files of the reference for assistants, by path relative to llms.txt: `llms.txt`, one
 * `operations/<operationId>.md` per operation, `running-code-samples.md`, and PUBLISHED_BESIDE_PAGE's.
 * `record` is sample-runs.json's record (scripts/sample-runs.mjs).
 * @throws Error naming every sample with no passing run for this spec, and the command that records them.
 */
export function llmsFiles(spec, record) {
  const unrun = samplesWithoutRun(spec, record);
  if (unrun.length > 0) {
    const why =
      record === undefined
        ? "there is no record of sample runs"
        : record.spec !== specDigest(spec)
          ? "the record of sample runs is for another spec"
          : "these samples have no passing run";
    throw new Error(
      `llms.txt: ${why}:\n${unrun.map((s) => `  ${s.operationId} ${s.label}`).join("\n")}\nRun every sample and record them: ${RECORD_COMMAND}`,
    );
  }
  // The operations' files are one folder down from llms.txt and the page.
  const published = withPublishedLinks(structuredClone(spec), "../");
  // The very texts the record lists: built from the spec as bundled.
  const bySample = publishedSamples(spec);
  const files = {};
  for (const op of operationsOf(published)) {
    const samples = bySample.filter((s) => s.operationId === op.operation.operationId);
    files[operationFile(op.operation.operationId)] = operationMarkdown(published, op, samples);
  }
  files["running-code-samples.md"] = samplesGuide(spec, 1);
  Object.assign(files, filesBesidePage());
  files["llms.txt"] = llmsTxt(withPublishedLinks(structuredClone(spec)));
  return files;
}

/** llms.txt: the title, the summary, how to call the API, then one H2 of links per tag. */
function llmsTxt(spec) {
  const lines = [
    `# ${spec.info?.title ?? "API"}`,
    "",
    `> ${cell(spec.info?.summary ?? spec.info?.description)}`,
    "",
  ];
  const server = (spec.servers?.[0]?.url ?? "").replace(/\/$/, "");
  lines.push(
    `Base URL \`${server}\`. Every operation accepts a service account (OAuth 2.0 client credentials, Bearer token) or an API key (HTTP Digest). Each operation's file below lists its parameters, body, statuses with their error codes and rate limit, and code samples in curl, Python and TypeScript, each run as printed by the toolkit's contract suite against the spec.`,
    "",
  );
  const operations = operationsOf(spec);
  const tags = [
    ...(spec.tags ?? []).map((t) => t.name),
    ...operations.flatMap((o) => o.operation.tags ?? []),
    "Other",
  ].filter((name, index, all) => all.indexOf(name) === index);
  for (const tag of tags) {
    const inTag = operations.filter((o) => (o.operation.tags?.[0] ?? "Other") === tag);
    if (inTag.length === 0) continue;
    const description = (spec.tags ?? []).find((t) => t.name === tag)?.description;
    lines.push(`## ${tag}`, "");
    if (description) lines.push(cell(description), "");
    for (const { template, method, operation } of inTag) {
      lines.push(
        `- [${operation.summary ?? operation.operationId}](${operationFile(operation.operationId)}): \`${method.toUpperCase()} ${template}\``,
      );
    }
    lines.push("");
  }
  lines.push("## Optional", "");
  lines.push(
    `- [${SAMPLES_GUIDE_TITLE}](running-code-samples.md): the variables every sample reads, and how to aim it at the mock`,
  );
  for (const { name, title } of PUBLISHED_BESIDE_PAGE) lines.push(`- [${title}](${name})`);
  lines.push("- [API reference page](index.html): the same operations, rendered with Redoc");
  return `${lines.join("\n")}\n`;
}
