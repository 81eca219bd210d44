/** Defaults shared by the CLI and `startMock`; the README documents the same values. */
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PUBLIC_KEY = "mockpublic";
export const DEFAULT_PRIVATE_KEY = "00000000-0000-4000-8000-000000000000";
/** Atlas's realm, spaces included. */
export const DEFAULT_REALM = "MMS Public API";
export const DEFAULT_NONCE_TTL_MS = 5 * 60 * 1000;
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10 * 1000;
