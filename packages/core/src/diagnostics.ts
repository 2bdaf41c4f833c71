// A process-wide hook that sees every log line and error message this package produces, whatever the log
// level. The test suite installs it to prove that no secret, assertion or token is ever emitted.

const HOOK = Symbol.for('@identity/core.diagnostics');

/** What the hook receives: the kind of text and the text itself, already redacted. */
export type DiagnosticsHook = (kind: 'log' | 'error', text: string) => void;

/** @internal Sends text to the hook when one is installed. */
export function emitDiagnostic(kind: 'log' | 'error', text: string): void {
  const hook = (globalThis as Record<symbol, unknown>)[HOOK];
  if (typeof hook === 'function') (hook as DiagnosticsHook)(kind, text);
}

/** @internal Whether a hook is installed, so callers can skip building text nobody will read. */
export function hasDiagnosticsHook(): boolean {
  return typeof (globalThis as Record<symbol, unknown>)[HOOK] === 'function';
}
