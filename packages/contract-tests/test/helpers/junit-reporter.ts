/**
 * vitest's JUnit reporter with each suite and case named after its project too
 * (`[api-key] test/success.test.ts`): the same file runs once per way to authenticate, and a CI
 * that reads the file must tell the runs apart.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { TestModule } from "vitest/node";
import { JUnitReporter } from "vitest/node";
import { ARTIFACTS } from "./artifacts.js";

/** The failure line the global setup wrote to this run's run.json, if it failed before any test. */
function startFailureOfRun(): string | undefined {
  try {
    const run = JSON.parse(readFileSync(new URL("run.json", ARTIFACTS), "utf8")) as { failed?: unknown };
    return typeof run.failed === "string" ? run.failed : undefined;
  } catch {
    return undefined;
  }
}

const xmlText = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] ?? c);

export default class ProjectJUnitReporter extends JUnitReporter {
  readonly #outputFile: string | undefined;

  constructor(options: { outputFile?: string }) {
    super(options);
    this.#outputFile = options.outputFile;
  }

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>, ...rest: unknown[]): Promise<void> {
    // The JUnit reporter names each suite and case after the file's path below the root: the
    // project goes in front of that path.
    const renamed = testModules.map((module) => {
      const file = (module as unknown as { task: { filepath: string } }).task;
      const root = module.project.config.root;
      const named = {
        ...file,
        filepath: `${root}/[${module.project.name}] ${relative(root, file.filepath)}`,
      };
      return new Proxy(module, { get: (target, key) => (key === "task" ? named : Reflect.get(target, key)) });
    });
    await (super.onTestRunEnd as (...args: any[]) => Promise<void>)(renamed, ...rest);
    // A run that failed before any test (its global setup, ./preflight.ts, wrote why in run.json)
    // would otherwise be an empty report that says nothing failed.
    const failed = testModules.length === 0 && rest[1] === "failed" ? startFailureOfRun() : undefined;
    if (failed && this.#outputFile) {
      const file = resolve(this.#outputFile);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(
        file,
        [
          '<?xml version="1.0" encoding="UTF-8" ?>',
          '<testsuites name="vitest tests" tests="1" failures="0" errors="1" time="0">',
          '  <testsuite name="global setup" tests="1" failures="0" errors="1" skipped="0" time="0">',
          '    <testcase classname="global setup" name="the run starts" time="0">',
          `      <error message="${xmlText(failed)}"/>`,
          "    </testcase>",
          "  </testsuite>",
          "</testsuites>",
          "",
        ].join("\n"),
      );
    }
  }
}
