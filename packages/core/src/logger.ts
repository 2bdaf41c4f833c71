// Logging that honours AZURE_LOG_LEVEL, as the Azure SDKs do, with every line redacted on the way out.
import { diagnosticsHook } from './diagnostics.js';
import { defaultEnvironment, readVariable } from './environment.js';
import { redactSecrets } from './redaction.js';

/**
 * The levels of `AZURE_LOG_LEVEL`, from the most to the least verbose.
 *
 * @example
 * ```ts
 * const level: LogLevel = process.env.NODE_ENV === 'production' ? 'warning' : 'verbose';
 * setLogLevel(level);
 * ```
 */
export type LogLevel = 'verbose' | 'info' | 'warning' | 'error';

// In order of severity. 'off', and any unknown value, is not in the list: nothing is logged.
const LEVELS: readonly LogLevel[] = ['verbose', 'info', 'warning', 'error'];

/**
 * Where log lines go. The default writes to standard error.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const recordLine: LogSink = (level, namespace, message) => lines.push(`${level} ${namespace}: ${message}`);
 * setLogSink(recordLine);
 * ```
 */
export type LogSink = (level: LogLevel, namespace: string, message: string) => void;

/**
 * A logger for one namespace (usually a credential's name).
 *
 * @example
 * ```ts
 * const logger = createLogger('ClientSecretCredential');
 * logger.info('token acquired');
 * ```
 */
export interface Logger {
  /** Detail for debugging: each request, each cache decision. Messages never contain secrets. */
  verbose(message: string): void;
  /** What happened: a token acquired, a credential chosen. Messages never contain secrets. */
  info(message: string): void;
  /** Something that may need attention: a retry, a fallback. Messages never contain secrets. */
  warning(message: string): void;
  /** A failure the caller will see. Messages never contain secrets. */
  error(message: string): void;
}

const defaultSink: LogSink = (level, namespace, message) => {
  console.error(`identity:${namespace} ${level} ${message}`);
};

let sink: LogSink = defaultSink;
let configuredLevel: LogLevel | 'off' | undefined;

// AZURE_LOG_LEVEL, read on the first line logged: process.env lookups are slow enough to matter on hot paths.
let environmentLevel: string | undefined;

/**
 * Sets the level in code, overriding `AZURE_LOG_LEVEL`; `'off'` silences everything, `undefined` goes back
 * to the environment variable.
 *
 * @example
 * ```ts
 * setLogLevel('info');
 * ```
 */
export function setLogLevel(level: LogLevel | 'off' | undefined): void {
  configuredLevel = level;
  environmentLevel = undefined;
}

/**
 * Sends log lines somewhere else (your logger, a test recorder); `undefined` restores standard error.
 *
 * @example
 * ```ts
 * setLogSink((level, namespace, message) => pino[level === 'warning' ? 'warn' : level === 'verbose' ? 'debug' : level]({ namespace }, message));
 * ```
 */
export function setLogSink(newSink: LogSink | undefined): void {
  sink = newSink ?? defaultSink;
}

/**
 * Creates a logger whose lines are prefixed with the namespace, redacted, and emitted when the level allows.
 *
 * @example
 * ```ts
 * const logger = createLogger('ManagedIdentityCredential');
 * logger.warning('IMDS throttled the request; retrying');
 * ```
 */
export function createLogger(namespace: string): Logger {
  // One method per level, made from the list rather than written out four times.
  return Object.fromEntries(
    LEVELS.map((level, rank) => [
      level,
      (message: string) => {
        environmentLevel ??= readVariable(defaultEnvironment(), 'AZURE_LOG_LEVEL')?.toLowerCase() ?? 'off';
        // 'off' and unknown levels are not in the list (index -1): nothing is enabled.
        const threshold = LEVELS.indexOf((configuredLevel ?? environmentLevel) as LogLevel);
        const enabled = threshold >= 0 && rank >= threshold;
        const hook = diagnosticsHook();
        if (!enabled && !hook) return;
        const text = redactSecrets(message);
        hook?.('log', `${namespace} ${level} ${text}`);
        if (enabled) sink(level, namespace, text);
      },
    ]),
  ) as unknown as Logger;
}

/**
 * The `identity` namespace's logger, as `@azure/identity` exports it.
 *
 * @example
 * ```ts
 * logger.info('using the staging tenant');
 * ```
 */
export const logger: Logger = /* @__PURE__ */ createLogger('identity');
