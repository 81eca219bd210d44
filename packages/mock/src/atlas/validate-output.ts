/**
 * Checks an answer against the operation's declared responses, with Ajv: the status must be
 * declared (or a `default`), its Content-Type one the status declares, and a JSON body valid
 * against that media type's schema. Each problem is a finding with its JSON pointer and rule.
 * The one output validator: the mock checks the bytes it is about to send with it (after its
 * state stage), the validating proxy the upstream's answer.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { PrismOperation } from "../prism/types.js";

/** One way an exchange breaks the spec. */
export interface Finding {
  readonly location: "request" | "response";
  /** JSON pointer into the request part or the response body ("" for the whole). */
  readonly pointer: string;
  /** The rule: a JSON Schema keyword, or `undeclared-status`, `undeclared-content-type`, `unknown-path`, `malformed-json`. */
  readonly rule: string;
  /** What is wrong, naming places, never values. */
  readonly message: string;
}

const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

/**
 * Items of an array checked one by one, per array: past them, an array is checked as a whole (its
 * first broken rule named). With Ajv's all-errors mode, a page of 130,000 bad items would make
 * hundreds of thousands of error objects (hundreds of MiB); this bounds them.
 */
export const MAX_ITEMS_CHECKED = 1000;

/** The findings of one answer, and whether every broken rule in it is among them. */
export interface OutputCheck {
  /** Each `{ pointer, rule }` once; `[]` when the answer is as declared. */
  readonly findings: Finding[];
  /**
   * `false` when an array of the body holds more than MAX_ITEMS_CHECKED items and the body is
   * invalid: the items past that many were checked as a whole, so more findings may exist.
   */
  readonly complete: boolean;
}

/** Keywords about an array as a whole, which a cut copy of it cannot judge. */
const ARRAY_KEYWORDS = new Set([
  "minItems",
  "maxItems",
  "uniqueItems",
  "contains",
  "minContains",
  "maxContains",
]);

/** Ajv-backed response validation; compiled schemas are cached per schema object. */
export class OutputValidator {
  readonly #all = new Ajv({ allErrors: true, strict: false });
  readonly #first = new Ajv({ allErrors: false, strict: false });
  readonly #compiled = new Map<object, { all: ValidateFunction; first: ValidateFunction }>();

  constructor() {
    addFormats(this.#all);
    addFormats(this.#first);
  }

  /**
   * The findings of a response, each `{ pointer, rule }` once; `[]` when it is as declared.
   * `body` is the bytes as sent or received (a string is taken as its UTF-8 bytes; `undefined`
   * is no body). A body is read as JSON only when the declared media type is JSON.
   */
  validate(
    operation: PrismOperation,
    response: { status: number; contentType: string | undefined; body: Uint8Array | string | undefined },
  ): Finding[] {
    return this.check(operation, response).findings;
  }

  /**
   * As `validate`, saying whether the findings are all there are. Cost is bounded: the whole body
   * is checked once for validity (Ajv stops at the first broken rule); only an invalid body is
   * checked again for every broken rule, on a copy whose arrays are cut to MAX_ITEMS_CHECKED items.
   */
  check(
    operation: PrismOperation,
    response: { status: number; contentType: string | undefined; body: Uint8Array | string | undefined },
  ): OutputCheck {
    const declared =
      operation.responses.find((r) => r.code === String(response.status)) ??
      operation.responses.find((r) => r.code.toLowerCase() === `${String(response.status)[0]}xx`) ??
      operation.responses.find((r) => r.code === "default");
    if (declared === undefined) {
      return complete([
        finding(
          "",
          "undeclared-status",
          `status ${response.status} is not declared; the operation declares ${operation.responses.map((r) => r.code).join(", ")}`,
        ),
      ]);
    }
    const contents = declared.contents ?? [];
    const empty = response.body === undefined || response.body.length === 0;
    if (empty && contents.length === 0) return complete([]);
    const mediaType = response.contentType?.split(";")[0]?.trim().toLowerCase();
    const content = contents.find((c) => c.mediaType.toLowerCase() === mediaType);
    if (content === undefined) {
      const allowed = contents.map((c) => c.mediaType).join(", ") || "no body";
      return complete([
        finding(
          "",
          "undeclared-content-type",
          `Content-Type ${clip(mediaType ?? "(none)")} is not declared for ${response.status}; it declares ${allowed}`,
        ),
      ]);
    }
    if (!/json/.test(content.mediaType) || content.schema === undefined) return complete([]);
    let body: unknown;
    try {
      const text =
        typeof response.body === "string"
          ? response.body
          : new TextDecoder("utf-8", { fatal: true }).decode(response.body ?? new Uint8Array(0));
      body = JSON.parse(text);
    } catch {
      return complete([finding("", "malformed-json", "the body is not UTF-8 JSON")]);
    }
    const { all, first } = this.#compile(content.schema as object);
    if (first(body)) return complete([]);
    const firstErrors = first.errors ?? [];
    const cut = cutArrays(body, MAX_ITEMS_CHECKED);
    all(cut.value);
    const errors = (all.errors ?? []).filter(
      (e) => !(ARRAY_KEYWORDS.has(e.keyword) && cut.pointers.has(e.instancePath)),
    );
    // The first broken rule of the whole body may lie past the items checked one by one.
    const findings = unique([...errors, ...firstErrors].filter(named).map(toFinding));
    return { findings, complete: cut.pointers.size === 0 };
  }

  #compile(schema: object): { all: ValidateFunction; first: ValidateFunction } {
    let compiled = this.#compiled.get(schema);
    if (compiled === undefined) {
      const { $schema: _, ...rest } = schema as Record<string, unknown>;
      compiled = { all: this.#all.compile(rest), first: this.#first.compile(rest) };
      this.#compiled.set(schema, compiled);
    }
    return compiled;
  }
}

type AjvError = NonNullable<ValidateFunction["errors"]>[number];

/** `anyOf`/`oneOf` only say that a branch failed; the branch's own errors name the place. */
function named(error: AjvError): boolean {
  return error.keyword !== "anyOf" && error.keyword !== "oneOf";
}

function toFinding(error: AjvError): Finding {
  const extra = error.params as { missingProperty?: string; additionalProperty?: string };
  const child = extra.missingProperty ?? extra.additionalProperty;
  const pointer =
    child === undefined
      ? error.instancePath
      : `${error.instancePath}/${child.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  return finding(pointer, error.keyword, `${clip(pointer) || "the body"} ${error.message ?? "is not valid"}`);
}

function complete(findings: Finding[]): OutputCheck {
  return { findings, complete: true };
}

/**
 * A copy of a parsed JSON value with every array cut to `max` items, and the JSON pointers of the
 * arrays cut. Walked with a stack, not recursion, so no depth of nesting overflows it.
 */
function cutArrays(root: unknown, max: number): { value: unknown; pointers: Set<string> } {
  const pointers = new Set<string>();
  const shell = (value: unknown): unknown =>
    Array.isArray(value) ? [] : value !== null && typeof value === "object" ? {} : value;
  const top = shell(root);
  const stack: [unknown, unknown, string][] = [[root, top, ""]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [from, to, pointer] = next;
    if (Array.isArray(from)) {
      const into = to as unknown[];
      if (from.length > max) pointers.add(pointer);
      const count = Math.min(from.length, max);
      for (let i = 0; i < count; i++) {
        const copy = shell(from[i]);
        into.push(copy);
        if (copy !== from[i]) stack.push([from[i], copy, `${pointer}/${i}`]);
      }
    } else {
      for (const [key, value] of Object.entries(from as Record<string, unknown>)) {
        const copy = shell(value);
        // defineProperty: a key named `__proto__` stays a key, as JSON.parse made it.
        Object.defineProperty(to, key, { value: copy, enumerable: true, writable: true, configurable: true });
        if (copy !== value)
          stack.push([value, copy, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`]);
      }
    }
  }
  return { value: top, pointers };
}

function finding(pointer: string, rule: string, message: string): Finding {
  return { location: "response", pointer, rule, message };
}

function unique(findings: Finding[]): Finding[] {
  return [...new Map(findings.map((f) => [`${f.pointer} ${f.rule}`, f])).values()];
}

function clip(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}…`;
}
