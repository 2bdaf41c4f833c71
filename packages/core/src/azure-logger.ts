// The bridge to `@azure/logger`, for an app that configures the Azure SDK's logging: this package does not depend
// on it (a log line is not worth a dependency in every bundle), so the app hands over a logger of its own.
import type { Logger } from './logger.js';
import { setLogLevel, setLogSink } from './logger.js';

/**
 * Sends every log line of this package to a logger of `@azure/logger`, so that what configures the Azure SDK's
 * logging configures these lines too: its `setLogLevel` (and `AZURE_LOG_LEVEL`, which it reads) decides which
 * appear, and `AzureLogger.log` where they go. Each line reads `<credential> => <message>`, as `@azure/identity`'s
 * do; `undefined` goes back to this package's own logging. Meanwhile this package's `setLogLevel` still filters
 * first (the bridge sets it to `verbose`, letting every line through), and lines stay redacted.
 *
 * @example
 * ```ts
 * import { AzureLogger, createClientLogger, setLogLevel } from '@azure/logger';
 * import { useAzureLogger } from '@identity/core';
 *
 * useAzureLogger(createClientLogger('identity'));
 * setLogLevel('info');
 * AzureLogger.log = (...args) => myLogger.info(args.join(' '));
 * ```
 */
export function useAzureLogger(azureLogger: Logger | undefined): void {
  setLogSink(
    azureLogger && ((level, namespace, message) => azureLogger[level](`${namespace} => ${message}`)),
  );
  setLogLevel(azureLogger && 'verbose');
}
