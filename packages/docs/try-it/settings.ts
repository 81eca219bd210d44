/**
 * The panel's settings shared by every operation: which credentials, their values and the base
 * URL. In memory only, unless the reader ticks "remember": then in this browser's localStorage
 * under STORAGE_KEY, and removed from it as soon as the box is unticked.
 */
export interface Settings {
  kind: "digest" | "service-account";
  publicKey: string;
  privateKey: string;
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  remember: boolean;
}

export const STORAGE_KEY = "atlas-try-it";

/**
 * The base URL the panel starts with: the page's own origin with the spec's server path when the
 * page is served over http(s) (the mock serves it), else the spec's server (Atlas).
 */
export function defaultBaseUrl(server: string): string {
  if (!/^https?:$/.test(location.protocol)) return server;
  try {
    return `${location.origin}${new URL(server).pathname.replace(/\/$/, "")}`;
  } catch {
    return location.origin;
  }
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage refused (a sandbox, a policy)
  }
}

/** The remembered settings, if the reader asked for them to be remembered, else empty ones. */
export function loadSettings(server: string): Settings {
  const empty: Settings = {
    kind: "digest",
    publicKey: "",
    privateKey: "",
    clientId: "",
    clientSecret: "",
    baseUrl: defaultBaseUrl(server),
    remember: false,
  };
  const stored = storage()?.getItem(STORAGE_KEY);
  if (!stored) return empty;
  try {
    const saved = JSON.parse(stored) as Partial<Settings>;
    const pick = (value: unknown, fallback: string) => (typeof value === "string" ? value : fallback);
    return {
      kind: saved.kind === "service-account" ? "service-account" : "digest",
      publicKey: pick(saved.publicKey, ""),
      privateKey: pick(saved.privateKey, ""),
      clientId: pick(saved.clientId, ""),
      clientSecret: pick(saved.clientSecret, ""),
      baseUrl: pick(saved.baseUrl, empty.baseUrl),
      remember: true,
    };
  } catch {
    return empty;
  }
}

/** Keeps the settings in localStorage while `remember` is ticked; removes them when it is not. */
export function saveSettings(settings: Settings): void {
  const store = storage();
  if (store === undefined) return;
  if (!settings.remember) {
    store.removeItem(STORAGE_KEY);
    return;
  }
  const { remember: _, ...kept } = settings;
  store.setItem(STORAGE_KEY, JSON.stringify(kept));
}
