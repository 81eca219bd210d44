/**
 * The mock's own failures (a bug, a report that cannot be written): written to standard error
 * whatever the log level, one line each, prefixed `atlas-mock: `. Callers name places and rules,
 * never a credential or a body's value.
 */
export function logToStderr(line: string): void {
  try {
    process.stderr.write(`atlas-mock: ${line}\n`);
  } catch {
    // standard error is gone: nothing else to tell
  }
}
