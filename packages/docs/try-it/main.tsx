/**
 * The try-it panel of the reference page: a "Try it" button on every operation Redoc renders, and
 * a side panel, outside Redoc's tree, with the credentials and the chosen operation's form. The
 * model of the operations is the JSON that scripts/try-it.mjs embeds in the page. The panel
 * requests nothing until the reader presses Send, and then only the base URL the reader chose.
 */
import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { TryItModel } from "../scripts/try-it-model.mjs";
import { corsNeeds, type FormState, initialForm, Panel } from "./panel.js";
import { createSender } from "./send.js";
import { loadSettings, type Settings, saveSettings } from "./settings.js";
import { STYLES } from "./styles.js";

/** The id of the `<script type="application/json">` holding the model. */
export const MODEL_ELEMENT_ID = "atlas-try-it-model";
/**
 * The id of the JSON element the mock adds when it serves the page with its published default
 * credentials (packages/mock, `--docs-page`): the panel offers to fill them in.
 */
export const MOCK_CREDENTIALS_ELEMENT_ID = "atlas-mock-credentials";
/** The class of the "Try it" buttons put on each operation. */
const OPEN_CLASS = "atlas-try-it-open";

/**
 * Puts a "Try it" button under the title of every operation section Redoc has rendered (Redoc's
 * `data-section-id` is `/<tag>/<operationId>` in lower case), now and whenever it renders more.
 */
function attachButtons(model: TryItModel, open: (operationId: string) => void): () => void {
  const byId = new Map(model.operations.map((o) => [o.operationId.toLowerCase(), o]));
  const attach = () => {
    for (const section of document.querySelectorAll<HTMLElement>("[data-section-id]")) {
      const id = /\/[^/]+\/([^/]+)$/.exec(section.dataset.sectionId ?? "")?.[1]?.toLowerCase();
      const operation = id === undefined ? undefined : byId.get(id);
      if (operation === undefined) continue;
      const title = section.querySelector("h2");
      if (title === null || title.parentElement?.querySelector(`:scope > .${OPEN_CLASS}`)) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = OPEN_CLASS;
      button.textContent = "Try it";
      button.setAttribute("aria-label", `Try it: ${operation.summary || operation.operationId}`);
      button.dataset.operationId = operation.operationId;
      button.addEventListener("click", () => open(operation.operationId));
      title.insertAdjacentElement("afterend", button);
    }
  };
  attach();
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      attach();
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return () => observer.disconnect();
}

type Published = Pick<Settings, "publicKey" | "privateKey" | "clientId" | "clientSecret">;

/** The mock's published credentials, when the mock serving this page added them. */
function publishedCredentials(): Published | undefined {
  const text = document.getElementById(MOCK_CREDENTIALS_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Published>;
    const { publicKey, privateKey, clientId, clientSecret } = value;
    if ([publicKey, privateKey, clientId, clientSecret].every((v) => typeof v === "string"))
      return value as Published;
  } catch {
    // not offered
  }
  return undefined;
}

/** Whether `baseUrl` is this page's own origin (the server that served the page). */
function isOwnOrigin(baseUrl: string): boolean {
  try {
    return /^https?:$/.test(location.protocol) && new URL(baseUrl).origin === location.origin;
  } catch {
    return false;
  }
}

function App({ model }: { model: TryItModel }) {
  const [open, setOpen] = useState<string | undefined>();
  const [settings, setSettings] = useState<Settings>(() => loadSettings(model.server));
  const forms = useRef(new Map<string, FormState>());
  const [, redraw] = useState(0);
  const send = useMemo(
    () => createSender(model.tokenUrl === undefined ? undefined : new URL(model.tokenUrl).pathname),
    [model],
  );

  useEffect(() => attachButtons(model, setOpen), [model]);
  useEffect(() => saveSettings(settings), [settings]);

  const operation = model.operations.find((o) => o.operationId === open);
  if (operation === undefined) return null;
  let form = forms.current.get(operation.operationId);
  if (form === undefined) {
    form = initialForm(operation);
    forms.current.set(operation.operationId, form);
  }
  const change = (patch: Partial<Settings>) => setSettings({ ...settings, ...patch });
  // Read when the panel shows (the element may follow this script in the page).
  const published = publishedCredentials();
  const field = (name: keyof Settings, label: string, secret = false) => {
    const id = `atlas-try-it-${name}`;
    const onInput = (e: Event) => change({ [name]: (e.currentTarget as HTMLInputElement).value });
    return (
      <div class="atlas-try-it-field">
        <label htmlFor={id}>{label}</label>
        {secret ? (
          <input
            id={id}
            name={name}
            type="password"
            autocomplete="off"
            value={String(settings[name])}
            onInput={onInput}
          />
        ) : (
          <input
            id={id}
            name={name}
            type="text"
            autocomplete="off"
            value={String(settings[name])}
            onInput={onInput}
          />
        )}
      </div>
    );
  };

  return (
    <aside class="atlas-try-it" aria-label="Try it">
      <form onSubmit={(e) => e.preventDefault()}>
        <header>
          <strong>Try it: {operation.summary || operation.operationId}</strong>
          <button type="button" aria-label="Close" onClick={() => setOpen(undefined)}>
            ×
          </button>
        </header>
        <fieldset>
          <legend>Server and credentials</legend>
          {field("baseUrl", "Base URL")}
          <div role="radiogroup" aria-label="Credentials" class="atlas-try-it-kinds">
            {model.digest && (
              <label>
                <input
                  type="radio"
                  name="kind"
                  checked={settings.kind === "digest"}
                  onChange={() => change({ kind: "digest" })}
                />{" "}
                API key (HTTP Digest)
              </label>
            )}
            {model.tokenUrl !== undefined && (
              <label>
                <input
                  type="radio"
                  name="kind"
                  checked={settings.kind === "service-account"}
                  onChange={() => change({ kind: "service-account" })}
                />{" "}
                Service account (OAuth 2.0)
              </label>
            )}
          </div>
          {settings.kind === "digest" ? (
            <>
              {field("publicKey", "Public key")}
              {field("privateKey", "Private key", true)}
            </>
          ) : (
            <>
              {field("clientId", "Client id")}
              {field("clientSecret", "Client secret", true)}
            </>
          )}
          {published !== undefined && isOwnOrigin(settings.baseUrl) && (
            <button type="button" class="atlas-try-it-published" onClick={() => change(published)}>
              Use the mock's credentials (its published defaults)
            </button>
          )}
          <label class="atlas-try-it-remember">
            <input
              type="checkbox"
              name="remember"
              checked={settings.remember}
              onChange={(e) => change({ remember: (e.target as HTMLInputElement).checked })}
            />{" "}
            Remember the credentials in this browser (localStorage). Unticked, they live in this page's memory
            only.
          </label>
          <details>
            <summary>Other servers</summary>
            <p>{corsNeeds(model)}</p>
          </details>
        </fieldset>
        <Panel
          key={operation.operationId}
          model={model}
          operation={operation}
          settings={settings}
          form={form}
          onForm={(next) => {
            forms.current.set(operation.operationId, next);
            redraw((n) => n + 1);
          }}
          send={send}
        />
      </form>
    </aside>
  );
}

const modelElement = document.getElementById(MODEL_ELEMENT_ID);
if (modelElement?.textContent) {
  const model = JSON.parse(modelElement.textContent) as TryItModel;
  const style = document.createElement("style");
  style.textContent = STYLES;
  document.head.append(style);
  const root = document.createElement("div");
  root.id = "atlas-try-it";
  document.body.append(root);
  render(<App model={model} />, root);
}
