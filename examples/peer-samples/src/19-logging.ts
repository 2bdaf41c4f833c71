// Seeing what the credentials do: @azure/logger's level and sink, as the Azure SDK's troubleshooting guide
// shows (AZURE_LOG_LEVEL=info does the same from the environment). (`loggingOptions` is left out: @identity never
// logs account identifiers or anything secret, so it does not take that option; see @identity/core's README.)

import { ClientSecretCredential } from '@azure/identity';
import { AzureLogger, setLogLevel } from '@azure/logger';

setLogLevel('info');
AzureLogger.log = (...args: unknown[]) => {
  console.error('[azure]', ...args);
};

export const credential = new ClientSecretCredential(
  process.env.AZURE_TENANT_ID ?? '',
  process.env.AZURE_CLIENT_ID ?? '',
  process.env.AZURE_CLIENT_SECRET ?? '',
);
