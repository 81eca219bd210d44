/**
 * Start-up: modules that Prism loads when it is imported but the mock seldom or never uses are
 * loaded on first use instead. Each is put in Node's CommonJS module cache, under the path Prism
 * would load, as a stand-in whose first property read loads the real module.
 * - `@faker-js/faker` (prism-http 5.12): the whole package, every locale (about 1,900 of the 2,900
 *   modules Prism loads), of which Prism uses only the default English instance, to generate
 *   values in dynamic mode. The stand-in loads `@faker-js/faker/locale/en`, the same Faker with
 *   the English locale alone, when a value is first generated.
 * - `postman-collection` (@stoplight/http-spec, for Postman imports the mock never does), which
 *   itself loads faker 5's English locale.
 * Imported before anything that loads Prism; a module already loaded is left as it is.
 */
import { createRequire, Module } from "node:module";

const prismRequire = createRequire(createRequire(import.meta.url).resolve("@stoplight/prism-http"));
const httpSpecRequire = createRequire(prismRequire.resolve("@stoplight/http-spec"));

/** An object that forwards every operation to `load()`'s result, calling `load` on first use. */
function deferred(load: () => object): object {
  let target: object | undefined;
  const real = (): object => {
    target ??= load();
    return target;
  };
  return new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(real(), key),
      has: (_, key) => Reflect.has(real(), key),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

function seed(path: string, exports: unknown): void {
  if (prismRequire.cache[path] !== undefined) return;
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = exports;
  prismRequire.cache[path] = module;
}

// json-schema-faker calls Prism's `extend("faker", () => faker.default)` callback at once and keeps
// what it returns, so `default` itself is the stand-in.
const english = deferred(() => prismRequire("@faker-js/faker/locale/en") as object);
seed(prismRequire.resolve("@faker-js/faker"), { default: english, faker: english });

const postmanPath = httpSpecRequire.resolve("postman-collection");
seed(
  postmanPath,
  deferred(() => {
    delete prismRequire.cache[postmanPath];
    return httpSpecRequire("postman-collection") as object;
  }),
);
