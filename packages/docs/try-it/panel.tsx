/**
 * The try-it panel of one operation, built from the spec's model (scripts/try-it-model.mjs):
 * credentials, base URL, path and query parameters, a body from the named request examples, a
 * `Prefer` choice when the target is the mock, Send, "copy as curl", and the answer (status,
 * headers, pretty JSON, the `ApiError` code, the exchanges on the wire).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { TryItModel, TryItOperation } from "../scripts/try-it-model.mjs";
import { curlCommand } from "./curl.js";
import type { Answer, Credentials, OutgoingRequest } from "./send.js";
import { REQUEST_HEADERS } from "./send.js";
import type { Settings } from "./settings.js";

/** What the reader has typed into one operation's panel (kept while the page is open). */
export interface FormState {
  values: Record<string, string>;
  example: string;
  body: string;
  prefer: string;
}

const text = (value: unknown) => (value === undefined ? "" : String(value));

/** The panel's first state: path parameters and required query parameters from the examples. */
export function initialForm(operation: TryItOperation): FormState {
  const values: Record<string, string> = {};
  for (const p of operation.parameters)
    values[p.name] = p.in === "path" || p.required ? text(p.example ?? p.default) : "";
  const first = operation.body?.examples[0];
  return {
    values,
    example: first?.name ?? "",
    body: first === undefined ? "" : JSON.stringify(first.value, null, 2),
    prefer: "",
  };
}

/** Whether `baseUrl` is the mock: the page's own origin (the mock serves it) or a loopback host. */
export function isMockTarget(baseUrl: string): boolean {
  try {
    const url = new URL(baseUrl);
    if (/^https?:$/.test(location.protocol) && url.origin === location.origin) return true;
    return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

/** The request of a panel, or the reason it cannot be sent. */
export function buildRequest(
  operation: TryItOperation,
  form: FormState,
  baseUrl: string,
  withPrefer: boolean,
): OutgoingRequest | { problem: string } {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    return { problem: "The base URL is not a URL." };
  }
  if (!/^https?:$/.test(base.protocol) || base.username || base.password)
    return { problem: "The base URL must be http(s), with no user information (credentials go below)." };
  const missing = operation.parameters.filter((p) => p.required && (form.values[p.name] ?? "") === "");
  if (missing.length > 0) return { problem: `Fill in ${missing.map((p) => p.name).join(", ")}.` };
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(form.values[name] ?? ""),
  );
  const query = new URLSearchParams();
  for (const p of operation.parameters)
    if (p.in === "query" && (form.values[p.name] ?? "") !== "") query.set(p.name, form.values[p.name] ?? "");
  const search = query.size > 0 ? `?${query}` : "";
  let body: string | undefined;
  if (operation.body !== undefined && (form.body.trim() !== "" || operation.body.required)) {
    try {
      body = JSON.stringify(JSON.parse(form.body));
    } catch (error) {
      return { problem: `The body is not JSON: ${(error as Error).message}` };
    }
  }
  return {
    method: operation.method,
    url: `${base.href.replace(/\/$/, "")}${path}${search}`,
    ...(body === undefined ? {} : { body }),
    ...(withPrefer && form.prefer ? { prefer: form.prefer } : {}),
  };
}

function credentialsOf(settings: Settings): Credentials | { problem: string } {
  if (settings.kind === "digest") {
    if (!settings.publicKey || !settings.privateKey)
      return { problem: "Fill in the public and private key." };
    return { kind: "digest", publicKey: settings.publicKey, privateKey: settings.privateKey };
  }
  if (!settings.clientId || !settings.clientSecret) return { problem: "Fill in the client id and secret." };
  return { kind: "service-account", clientId: settings.clientId, clientSecret: settings.clientSecret };
}

/** Pretty JSON of a body, or the text as it came. */
function pretty(body: string): { json?: unknown; shown: string } {
  try {
    const json = JSON.parse(body);
    return { json, shown: JSON.stringify(json, null, 2) };
  } catch {
    return { shown: body };
  }
}

export function Panel(props: {
  model: TryItModel;
  operation: TryItOperation;
  settings: Settings;
  form: FormState;
  onForm(form: FormState): void;
  send(request: OutgoingRequest, credentials: Credentials): Promise<Answer>;
}) {
  const { model, operation, settings, form, onForm } = props;
  const [answer, setAnswer] = useState<Answer | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  /** How many sends have finished (an answer or a failure), on the element as `data-sent`. */
  const [sent, setSent] = useState(0);
  const [curl, setCurl] = useState<string | undefined>();
  const answerRef = useRef<HTMLElement>(null);
  useEffect(() => answerRef.current?.scrollIntoView({ block: "nearest" }), [answer]);
  const mock = isMockTarget(settings.baseUrl);
  const tokenUrl =
    model.tokenUrl === undefined ? undefined : safeUrl(new URL(model.tokenUrl).pathname, settings.baseUrl);
  const set = (patch: Partial<FormState>) => onForm({ ...form, ...patch });

  const onSend = async () => {
    const request = buildRequest(operation, form, settings.baseUrl, mock);
    const credentials = credentialsOf(settings);
    setCurl(undefined);
    if ("problem" in request || "problem" in credentials) {
      setProblem("problem" in request ? request.problem : (credentials as { problem: string }).problem);
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      setAnswer(await props.send(request, credentials));
    } catch (error) {
      setAnswer(undefined);
      setProblem(failure(error, settings.baseUrl));
    } finally {
      setBusy(false);
      setSent((n) => n + 1);
    }
  };

  const onCurl = () => {
    const request = buildRequest(operation, form, settings.baseUrl, mock);
    if ("problem" in request) {
      setProblem(request.problem);
      return;
    }
    const command = curlCommand(request, settings.kind, tokenUrl);
    setCurl(command);
    navigator.clipboard?.writeText(command).catch(() => {});
  };

  const preferOptions = operation.responses.flatMap((r) => [
    { value: `code=${r.status}`, label: `${r.status} ${r.description}` },
    ...r.examples.map((name) => ({ value: `example=${name}`, label: `${r.status} · example ${name}` })),
  ]);
  const body = answer === undefined ? undefined : pretty(answer.text);
  const apiError = (body?.json as { errorCode?: unknown; detail?: unknown } | undefined)?.errorCode;

  return (
    <section class="atlas-try-it-operation" aria-label={`Try ${operation.operationId}`} data-sent={sent}>
      <h3>
        <span class={`atlas-try-it-method atlas-try-it-${operation.method.toLowerCase()}`}>
          {operation.method}
        </span>{" "}
        <code>{operation.path}</code>
      </h3>
      {operation.parameters.length > 0 && (
        <fieldset>
          <legend>Parameters</legend>
          {operation.parameters.map((p) => (
            <div class="atlas-try-it-field" key={`${p.in}:${p.name}`} title={p.description}>
              <label htmlFor={`atlas-try-it-${p.in}-${p.name}`}>
                {p.name}
                {p.required ? " *" : ""} <small>({p.in})</small>
              </label>
              {p.enum ? (
                <select
                  id={`atlas-try-it-${p.in}-${p.name}`}
                  name={p.name}
                  value={form.values[p.name] ?? ""}
                  onChange={(e) =>
                    set({ values: { ...form.values, [p.name]: (e.target as HTMLSelectElement).value } })
                  }
                >
                  <option value="">—</option>
                  {p.enum.map((v) => (
                    <option key={String(v)} value={String(v)}>
                      {String(v)}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`atlas-try-it-${p.in}-${p.name}`}
                  name={p.name}
                  value={form.values[p.name] ?? ""}
                  placeholder={text(p.example ?? p.default)}
                  onInput={(e) =>
                    set({ values: { ...form.values, [p.name]: (e.target as HTMLInputElement).value } })
                  }
                />
              )}
            </div>
          ))}
        </fieldset>
      )}
      {operation.body !== undefined && (
        <fieldset>
          <legend>Body (JSON)</legend>
          {operation.body.examples.length > 1 && (
            <label>
              <span>Example</span>
              <select
                name="example"
                value={form.example}
                onChange={(e) => {
                  const name = (e.target as HTMLSelectElement).value;
                  const example = operation.body?.examples.find((x) => x.name === name);
                  set({
                    example: name,
                    body: example === undefined ? "" : JSON.stringify(example.value, null, 2),
                  });
                }}
              >
                {operation.body.examples.map((x) => (
                  <option key={x.name} value={x.name}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <textarea
            name="body"
            aria-label="Body"
            rows={Math.min(12, form.body.split("\n").length + 1)}
            value={form.body}
            onInput={(e) => set({ body: (e.target as HTMLTextAreaElement).value })}
          />
        </fieldset>
      )}
      {mock && (
        <label>
          <span>Prefer (the mock's statuses and examples)</span>
          <select
            name="prefer"
            value={form.prefer}
            onChange={(e) => set({ prefer: (e.target as HTMLSelectElement).value })}
          >
            <option value="">none: the mock answers as Atlas would</option>
            {preferOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <div class="atlas-try-it-actions">
        <button type="button" class="atlas-try-it-send" disabled={busy} onClick={onSend}>
          {busy ? "Sending…" : "Send"}
        </button>
        <button type="button" onClick={onCurl}>
          Copy as curl
        </button>
      </div>
      {problem && (
        <p class="atlas-try-it-problem" role="alert">
          {problem}
        </p>
      )}
      {curl && <pre class="atlas-try-it-curl">{curl}</pre>}
      {answer && body && (
        <section class="atlas-try-it-answer" aria-label="Answer" ref={answerRef}>
          <p class="atlas-try-it-status">
            <strong>{answer.status}</strong> {answer.statusText}
            {answer.tokenReused !== undefined && (
              <small> · {answer.tokenReused ? "token reused" : "new token"}</small>
            )}
          </p>
          {typeof apiError === "string" && (
            <p class="atlas-try-it-api-error">
              ApiError <code>{apiError}</code>: {String((body.json as { detail?: unknown }).detail ?? "")}
            </p>
          )}
          <details>
            <summary>
              On the wire: {answer.exchanges.length}{" "}
              {answer.exchanges.length === 1 ? "exchange" : "exchanges"}
            </summary>
            <ol class="atlas-try-it-exchanges">
              {answer.exchanges.map((x, i) => (
                <li key={i}>
                  {x.method} {x.path} → {x.status} ({x.note})
                </li>
              ))}
            </ol>
          </details>
          <table class="atlas-try-it-headers">
            <tbody>
              {answer.headers.map(([name, value]) => (
                <tr key={name}>
                  <th>{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <pre class="atlas-try-it-body">{body.shown || "(no body)"}</pre>
        </section>
      )}
    </section>
  );
}

function safeUrl(path: string, base: string): string | undefined {
  try {
    return new URL(path, base).href;
  } catch {
    return undefined;
  }
}

/** A failed send in words: a CORS refusal and a network failure look alike to a page. */
function failure(error: unknown, baseUrl: string): string {
  if (error instanceof Error && error.name === "TokenError") return error.message;
  if (error instanceof DOMException && error.name === "TimeoutError") return "No answer within 30 s.";
  return `The request failed before any answer could be read: the server at ${safeOrigin(baseUrl)} is not reachable, or it does not allow this page's origin (CORS: see "Other servers" above). ${
    error instanceof Error ? error.message : String(error)
  }`;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** What a target on another origin must answer, in words, from the spec's methods and headers. */
export function corsNeeds(model: TryItModel): string {
  const methods = [...new Set(model.operations.map((o) => o.method))].join(", ");
  const exposed = [
    "WWW-Authenticate",
    ...new Set(model.operations.flatMap((o) => o.responses.flatMap((r) => r.headers))),
  ].filter((h, i, all) => all.indexOf(h) === i);
  return `A server on another origin than this page must allow it (CORS): answer the preflight (OPTIONS) with Access-Control-Allow-Origin naming this page's origin, Access-Control-Allow-Methods with ${methods}, Access-Control-Allow-Headers naming ${REQUEST_HEADERS.join(", ")} one by one (a * does not cover Authorization), and expose ${exposed.join(", ")} with Access-Control-Expose-Headers on every answer, 401 and 429 included. The mock does so for loopback origins (--allowed-origins for others). To reach Atlas from this page, target the mock's validating proxy in front of it (npm run proxy -- --upstream https://cloud.mongodb.com), whose answers carry these headers, or use "Copy as curl".`;
}
