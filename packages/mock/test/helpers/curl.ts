/**
 * curl against the mock: a client that is not the project's own (its own Digest, its own HTTP).
 * A missing curl fails the tests that use it, with the command that installs it; it never skips.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

export const CURL = "/usr/bin/curl";
export const DEFAULT_USER = "mockpublic:00000000-0000-4000-8000-000000000000";
const run = promisify(execFile);

export interface CurlResponse {
  readonly status: number;
  /** Lower-cased header names of the final response (not of the 401 challenge before it). */
  readonly headers: Record<string, string>;
  readonly text: string;
  json(): Record<string, unknown>;
}

export interface CurlRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** Sent as is (`--data-binary`); a string or a file given as `@path`. */
  readonly data?: string;
  readonly user?: string;
  /** How `user` is sent: Digest (default), Basic (curl's pre-emptive `--basic`), or not at all. */
  readonly auth?: "digest" | "basic" | "none";
}

export function requireCurl(): void {
  if (!existsSync(CURL)) throw new Error(`${CURL} is needed for these tests: apt-get install -y curl`);
}

export async function curl(url: string, request: CurlRequest = {}): Promise<CurlResponse> {
  requireCurl();
  const args = ["--silent", "--show-error", "--include"];
  const auth = request.auth ?? "digest";
  if (auth !== "none") args.push(`--${auth}`, "--user", request.user ?? DEFAULT_USER);
  if (request.method !== undefined) args.push("--request", request.method);
  for (const [name, value] of Object.entries(request.headers ?? {}))
    args.push("--header", `${name}: ${value}`);
  if (request.data !== undefined) args.push("--data-binary", request.data);
  args.push("--globoff", url);
  const { stdout } = await run(CURL, args, { maxBuffer: 8 * 1024 * 1024 });
  // --include prints every response of the exchange: the 401 challenge, then the answer.
  const last = stdout.slice(stdout.lastIndexOf("HTTP/1.1 "));
  const end = last.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = last.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const text = last.slice(end + 4);
  return { status: Number(statusLine.split(" ")[1]), headers, text, json: () => JSON.parse(text) };
}
