/**
 * Makes Prism's mocker load faker's English locale alone. prism-http 5.12 requires the whole
 * `@faker-js/faker` (every locale: about 1,900 of the 2,900 modules it loads, most of the mock's
 * start-up) and only ever uses its default English instance. Seeding Node's CommonJS module cache
 * with `@faker-js/faker/locale/en` (the same Faker, English only) under the main entry's resolved
 * path gives Prism the same object for a fraction of the load. Imported before anything that
 * loads Prism; does nothing when faker was already loaded.
 */
import { createRequire, Module } from "node:module";

const prismRequire = createRequire(createRequire(import.meta.url).resolve("@stoplight/prism-http"));
const fakerEntry = prismRequire.resolve("@faker-js/faker");

if (prismRequire.cache[fakerEntry] === undefined) {
  const english: unknown = prismRequire("@faker-js/faker/locale/en");
  const module = new Module(fakerEntry);
  module.filename = fakerEntry;
  module.loaded = true;
  // The shape of the main entry as Prism reads it (`require("@faker-js/faker").default`).
  module.exports = { default: english, faker: english };
  prismRequire.cache[fakerEntry] = module;
}
