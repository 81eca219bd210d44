/** Every rendering of a value a program might log, and the check that none of them shows a secret. */
import { inspect } from "node:util";
import { expect } from "vitest";

/** Every rendering of a value a program might log. */
export function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true })];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch (error) {
    out.push(String(error));
  }
  if (value instanceof Error) out.push(value.message, String(value.stack), String(value));
  return out;
}

/** No rendering of `value` shows the private key, a Digest header, or any of `authorizations` (nor its response hash). */
export function expectClean(value: unknown, privateKey: string, authorizations: string[]) {
  for (const text of renderings(value)) {
    expect(text).not.toContain(privateKey);
    expect(text).not.toMatch(/Digest username=/);
    for (const authorization of authorizations) {
      expect(text).not.toContain(authorization);
      const response = /response="([0-9a-f]+)"/.exec(authorization)?.[1];
      if (response) expect(text).not.toContain(response);
    }
  }
}
