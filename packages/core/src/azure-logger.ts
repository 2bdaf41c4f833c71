// The bridge to `@azure/logger`, for an app that configures the Azure SDK's logging: this package does not depend
// on it (a log line is not worth a dependency in every bundle), so the app hands over a logger of its own.
import type { Logger } from './logger.js';
import { setLogLevel, setLogSink } from './logger.js';

/**
 * Hands every log line to an `@azure/logger` logger, whose `setLogLevel` and `AzureLogger.log` then govern them.
 * `undefined` undoes it.
 *
 * @example
 * ```ts
 * useAzureLogger(createClientLogger('identity'));
 * ```
 */
export function useAzureLogger(azureLogger: Logger | undefined): void {
  setLogSink(
    azureLogger && ((level, namespace, message) => azureLogger[level](`${namespace} => ${message}`)),
  );
  // Every line goes through: @azure/logger's own level decides (this package's setLogLevel still filters first).
  setLogLevel(azureLogger && 'verbose');
}
