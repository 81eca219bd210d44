/**
 * Success bodies built from the request, as the spec's `x-mock-value` hints say (spec/README.md):
 * a new API key carries the request's `desc` and `roles`, a fresh `id` and fresh keys, rather
 * than the same static example for every request.
 */

type Json = unknown;
type Schema = { readonly [keyword: string]: unknown };

export const MOCK_VALUE_EXTENSION = "x-mock-value";

/** A source of randomness: the next integer in [0, bound). */
export type Random = (bound: number) => number;

/** mulberry32: small, fast and good enough to make `--seed N` runs repeat exactly. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return (bound) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

export interface BuildContext {
  readonly path: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The first server URL of the spec, without a trailing slash. */
  readonly server: string;
  readonly random: Random;
}

/** Whether the schema says anything about building from the request (else the example is served). */
export function buildsFromRequest(schema: unknown): boolean {
  return (
    isObject(schema) &&
    isObject(schema.properties) &&
    Object.values(schema.properties).some(
      (property) => isObject(property) && MOCK_VALUE_EXTENSION in property,
    )
  );
}

/**
 * The response body for `schema`: each property from its `x-mock-value`, else the request body's
 * property of the same name (when its JSON type fits), else a value for its `pattern`, else (if
 * required) the served example's value; an optional property the request does not give is left out. Hinted properties come last, so they can use the others (`{self.id}`).
 */
export function buildResponse(schema: Schema, example: unknown, context: BuildContext): Json {
  const properties = (isObject(schema.properties) ? schema.properties : {}) as Record<string, Schema>;
  const exampleObject = isObject(example) ? example : {};
  const requestBody = isObject(context.body) ? context.body : {};
  const built: Record<string, Json> = {};
  const hinted: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (MOCK_VALUE_EXTENSION in property) {
      hinted.push(name);
      continue;
    }
    const value =
      Object.hasOwn(requestBody, name) && fitsType(requestBody[name], property.type)
        ? requestBody[name]
        : typeof property.pattern === "string"
          ? (randomString(property.pattern, context.random) ?? exampleObject[name])
          : isRequired(schema, name)
            ? exampleObject[name]
            : undefined;
    if (value !== undefined) built[name] = value;
  }
  for (const name of hinted) {
    const value = render((properties[name] as Schema)[MOCK_VALUE_EXTENSION], { ...context, self: built });
    const fallback = value === undefined && isRequired(schema, name) ? exampleObject[name] : value;
    if (fallback !== undefined) built[name] = fallback;
  }
  // In the schema's order, as the examples are written.
  return Object.fromEntries(
    Object.keys(properties)
      .filter((name) => Object.hasOwn(built, name))
      .map((name) => [name, built[name]]),
  );
}

interface RenderContext extends BuildContext {
  readonly self: Readonly<Record<string, Json>>;
  readonly item?: Json;
}

/** One `x-mock-value` template; `undefined` when a source it needs is absent from the request. */
function render(template: unknown, context: RenderContext): Json {
  if (typeof template === "string") return interpolate(template, context);
  if (Array.isArray(template)) {
    const items = template.map((item) => render(item, context));
    return items.includes(undefined) ? undefined : items;
  }
  if (!isObject(template)) return template;
  if (typeof template.$random === "string") return randomString(template.$random, context.random);
  if (typeof template.$each === "string") {
    // An array the request does not give is an empty one (a key created without roles has none).
    const source = interpolate(template.$each, context);
    if (!Array.isArray(source)) return [];
    return source.map((item) => render(template.$value, { ...context, item }));
  }
  const object: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    const rendered = render(value, context);
    if (rendered !== undefined) object[key] = rendered;
  }
  return object;
}

const PLACEHOLDER = /\{(path|body|self)\.([A-Za-z0-9_-]+)\}|\{(item|server)\}/g;
const WHOLE_PLACEHOLDER = new RegExp(`^(?:${PLACEHOLDER.source})$`);

/** Fills `{path.x}`, `{body.x}`, `{self.x}`, `{item}` and `{server}`; one placeholder alone keeps the value. */
function interpolate(template: string, context: RenderContext): Json {
  const lookup = (scope: string | undefined, key: string | undefined, plain: string | undefined): Json => {
    if (plain === "item") return context.item;
    if (plain === "server") return context.server;
    const source = scope === "path" ? context.path : scope === "body" ? context.body : context.self;
    return isObject(source) && key !== undefined ? source[key] : undefined;
  };
  const whole = WHOLE_PLACEHOLDER.exec(template);
  if (whole) return lookup(whole[1], whole[2], whole[3]);
  let missing = false;
  const text = template.replace(PLACEHOLDER, (_, scope?: string, key?: string, plain?: string) => {
    const value = lookup(scope, key, plain);
    if (value === undefined || value === null) missing = true;
    return String(value);
  });
  return missing ? undefined : text;
}

/**
 * A random string for a simple pattern: literals, `\`-escaped literals and `[class]` each with an
 * optional `{n}` or `{n,m}`; `^`, `$` and plain groups are ignored. Anything richer (alternation,
 * `*`, `+`, `?`) is not generated: the served example's value is kept instead.
 */
export function randomString(pattern: string, random: Random): string | undefined {
  const plan = planOf(pattern);
  if (plan === undefined) return undefined;
  let out = "";
  for (const { choices, low, high } of plan) {
    const times = low < 0 ? 1 : low + random(high - low + 1);
    for (let i = 0; i < times; i++) out += choices[random(choices.length)];
  }
  return out;
}

/** Each token's characters and its `{low,high}` count (`low` -1 when the pattern gives none). */
type Plan = readonly { readonly choices: string; readonly low: number; readonly high: number }[];
/** Patterns read once: the spec's few patterns, each read on every request otherwise. */
const plans = new Map<string, Plan | undefined>();

function planOf(pattern: string): Plan | undefined {
  if (plans.has(pattern)) return plans.get(pattern);
  const plan = readPattern(pattern);
  if (plans.size < 1000) plans.set(pattern, plan);
  return plan;
}

function readPattern(pattern: string): Plan | undefined {
  if (/[|*+?]/.test(pattern.replace(/\\./g, "").replace(/\[[^\]]*\]/g, ""))) return undefined;
  const token = /\\(.)|\[([^\]]+)\]|([^[\\{}()^$])|[()^$]/gy;
  const plan: { choices: string; low: number; high: number }[] = [];
  let index = 0;
  while (index < pattern.length) {
    token.lastIndex = index;
    const match = token.exec(pattern);
    if (match === null) return undefined;
    index = token.lastIndex;
    const choices = match[2] !== undefined ? expandClass(match[2]) : (match[1] ?? match[3]);
    if (choices === undefined) continue; // ^ $ ( )
    const count = /^\{(\d+)(?:,(\d+))?\}/.exec(pattern.slice(index));
    let low = -1;
    let high = -1;
    if (count) {
      index += count[0].length;
      low = Number(count[1]);
      high = count[2] === undefined ? low : Number(count[2]);
    }
    plan.push({ choices, low, high });
  }
  return plan;
}

function expandClass(body: string): string {
  let chars = "";
  for (let i = 0; i < body.length; i++) {
    const from = body[i] as string;
    if (body[i + 1] === "-" && i + 2 < body.length) {
      const to = body[i + 2] as string;
      for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) chars += String.fromCharCode(c);
      i += 2;
    } else chars += from;
  }
  return chars;
}

function fitsType(value: unknown, type: unknown): boolean {
  if (type === undefined) return true;
  if (type === "array") return Array.isArray(value);
  if (type === "object") return isObject(value);
  if (type === "integer") return Number.isInteger(value);
  return typeof value === type;
}

function isRequired(schema: Schema, name: string): boolean {
  return Array.isArray(schema.required) && schema.required.includes(name);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
