#!/usr/bin/env node
import { parseCliOptions, UsageError, usage } from "./options.js";

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliOptions>;
  try {
    command = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${usage()}\n`);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }

  // Loaded only now, so that --help and usage errors do not wait for Prism (about a second).
  const { startMock } = await import("./server.js");
  const mock = await startMock(command.options);
  process.stdout.write(
    command.options.docsPage !== undefined
      ? `Atlas mock and API reference on ${mock.url}/\n`
      : command.options.upstream === undefined
        ? `Atlas mock listening on ${mock.url}\n`
        : `Atlas validating proxy listening on ${mock.url} (forwarding to ${new URL(command.options.upstream).origin})\n`,
  );

  const stop = (): void => {
    mock.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`atlas-mock: error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`atlas-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
