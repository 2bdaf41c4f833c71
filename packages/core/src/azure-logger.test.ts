// With the real @azure/logger, as an app that configures the Azure SDK's logging has it.
import { format } from 'node:util';
import { AzureLogger, createClientLogger, setLogLevel as setAzureLogLevel } from '@azure/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAzureLogger } from './azure-logger.js';
import { createLogger, logger, setLogLevel } from './logger.js';

const azureLog = AzureLogger.log;
let lines: string[];
beforeEach(() => {
  lines = [];
  AzureLogger.log = (...args: unknown[]) => lines.push(format(...args));
});
afterEach(() => {
  useAzureLogger(undefined);
  setAzureLogLevel(undefined);
  setLogLevel(undefined);
  AzureLogger.log = azureLog;
});

describe('useAzureLogger: our log lines through @azure/logger', () => {
  it("reach AzureLogger.log in @azure/identity's shape once the app hands over a logger", () => {
    useAzureLogger(createClientLogger('identity'));
    setAzureLogLevel('info');
    createLogger('ClientSecretCredential').info('new token for https://vault.azure.net/.default');
    expect(lines).toEqual([
      'azure:identity:info ClientSecretCredential => new token for https://vault.azure.net/.default',
    ]);
  });

  it("follow @azure/logger's setLogLevel, also when it changes later", () => {
    useAzureLogger(createClientLogger('identity'));
    const credentialLogger = createLogger('ManagedIdentityCredential');
    credentialLogger.warning('before any level: not shown');
    setAzureLogLevel('warning');
    credentialLogger.info('below the level: not shown');
    credentialLogger.warning('IMDS throttled the request');
    setAzureLogLevel('verbose');
    credentialLogger.verbose('probe answered');
    expect(lines).toEqual([
      'azure:identity:warning ManagedIdentityCredential => IMDS throttled the request',
      'azure:identity:verbose ManagedIdentityCredential => probe answered',
    ]);
  });

  it('stay redacted', () => {
    useAzureLogger(createClientLogger('identity'));
    setAzureLogLevel('verbose');
    createLogger('A').verbose('sent client_secret=abc123');
    expect(lines).toEqual(['azure:identity:verbose A => sent client_secret=[redacted]']);
  });

  it('carry the lines of the exported logger too', () => {
    useAzureLogger(createClientLogger('identity'));
    setAzureLogLevel('error');
    logger.error('app: could not reach the vault');
    expect(lines).toEqual(['azure:identity:error identity => app: could not reach the vault']);
  });

  it('stop going there once the bridge is removed', () => {
    useAzureLogger(createClientLogger('identity'));
    setAzureLogLevel('verbose');
    useAzureLogger(undefined);
    createLogger('A').error('not through @azure/logger');
    expect(lines).toEqual([]);
  });
});
