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

/** Ajv-backed response validation; compiled schemas are cached per schema object. */
export class OutputValidator {
  readonly #ajv = new Ajv({ allErrors: true, strict: false });
  readonly #compiled = new Map<object, ValidateFunction>();

  constructor() {
    addFormats(this.#ajv);
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
    const declared =
      operation.responses.find((r) => r.code === String(response.status)) ??
      operation.responses.find((r) => r.code.toLowerCase() === `${String(response.status)[0]}xx`) ??
      operation.responses.find((r) => r.code === "default");
    if (declared === undefined) {
      return [
        finding(
          "",
          "undeclared-status",
          `status ${response.status} is not declared; the operation declares ${operation.responses.map((r) => r.code).join(", ")}`,
        ),
      ];
    }
    const contents = declared.contents ?? [];
    const empty = response.body === undefined || response.body.length === 0;
    if (empty && contents.length === 0) return [];
    const mediaType = response.contentType?.split(";")[0]?.trim().toLowerCase();
    const content = contents.find((c) => c.mediaType.toLowerCase() === mediaType);
    if (content === undefined) {
      const allowed = contents.map((c) => c.mediaType).join(", ") || "no body";
      return [
        finding(
          "",
          "undeclared-content-type",
          `Content-Type ${mediaType ?? "(none)"} is not declared for ${response.status}; it declares ${allowed}`,
        ),
      ];
    }
    if (!/json/.test(content.mediaType) || content.schema === undefined) return [];
    let body: unknown;
    try {
      const text =
        typeof response.body === "string"
          ? response.body
          : new TextDecoder("utf-8", { fatal: true }).decode(response.body ?? new Uint8Array(0));
      body = JSON.parse(text);
    } catch {
      return [finding("", "malformed-json", "the body is not UTF-8 JSON")];
    }
    const validate = this.#compile(content.schema as object);
    if (validate(body)) return [];
    return unique(
      (validate.errors ?? [])
        .filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf")
        .map((e) => {
          const extra = e.params as { missingProperty?: string; additionalProperty?: string };
          const child = extra.missingProperty ?? extra.additionalProperty;
          const pointer =
            child === undefined
              ? e.instancePath
              : `${e.instancePath}/${child.replace(/~/g, "~0").replace(/\//g, "~1")}`;
          return finding(pointer, e.keyword, `${pointer || "the body"} ${e.message ?? "is not valid"}`);
        }),
    );
  }

  #compile(schema: object): ValidateFunction {
    let validate = this.#compiled.get(schema);
    if (validate === undefined) {
      const { $schema: _, ...rest } = schema as Record<string, unknown>;
      validate = this.#ajv.compile(rest);
      this.#compiled.set(schema, validate);
    }
    return validate;
  }
}

function finding(pointer: string, rule: string, message: string): Finding {
  return { location: "response", pointer, rule, message };
}

function unique(findings: Finding[]): Finding[] {
  return [...new Map(findings.map((f) => [`${f.pointer} ${f.rule}`, f])).values()];
}
