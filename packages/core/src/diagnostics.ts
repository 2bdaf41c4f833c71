// A process-wide hook that sees every log line and error message this package produces, whatever the log
// level. The test suite installs it to prove that no secret, assertion or token is ever emitted.

/**
 * What the hook receives: the kind of text and the text itself, already redacted.
 *
 * @example
 * ```ts
 * const seen: string[] = [];
 * const hook: DiagnosticsHook = (kind, text) => seen.push(`${kind}: ${text}`);
 * (globalThis as Record<symbol, unknown>)[Symbol.for('@identity/core.diagnostics')] = hook;
 * ```
 */
export type DiagnosticsHook = (kind: 'log' | 'error', text: string) => void;

/** @internal The installed hook, if any. */
export function diagnosticsHook(): DiagnosticsHook | undefined {
  // A registered symbol: every installed copy of this package, and the test setup, reach the same hook.
  const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('@identity/core.diagnostics')];
  return typeof hook === 'function' ? (hook as DiagnosticsHook) : undefined;
}
