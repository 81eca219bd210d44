/** The spec could not be found or read; the message names the fix. */
export class SpecLoadError extends Error {
  override readonly name = "SpecLoadError";
}
