/**
 * vitest's JUnit reporter with each suite and case named after its project too
 * (`[api-key] test/success.test.ts`): the same file runs once per way to authenticate, and a CI
 * that reads the file must tell the runs apart.
 */
import { relative } from "node:path";
import type { TestModule } from "vitest/node";
import { JUnitReporter } from "vitest/node";

export default class ProjectJUnitReporter extends JUnitReporter {
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
  }
}
