// Writes the README's table of flags from the options table (src/options.ts); run after a build.
import { readFileSync, writeFileSync } from "node:fs";
import { optionsTable } from "../dist/options.js";

const readme = new URL("../README.md", import.meta.url);
const text = readFileSync(readme, "utf8");
const updated = text.replace(
  /(<!-- options-table[^>]*-->\n)[\s\S]*?(\n<!-- \/options-table -->)/,
  (_, open, close) => `${open}${optionsTable()}${close}`,
);
if (updated === text && !text.includes(optionsTable()))
  throw new Error("README.md has no options-table markers");
writeFileSync(readme, updated);
