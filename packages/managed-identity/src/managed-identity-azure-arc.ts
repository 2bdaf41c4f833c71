// Azure Arc-enabled servers: the local agent answers a first request with a 401 naming a key file that only
// local administrators can read; the file's contents prove the caller runs on the machine.
import { readVariable } from '@identity/core';
import { loadNodeSupport } from './managed-identity-node-loader.js';
import type { ManagedIdentitySource } from './managed-identity-source.js';
import { endpointUrl, MSI_IDS, tokenGet } from './managed-identity-source.js';

/**
 * Azure Arc (2020-06-01): GET `IDENTITY_ENDPOINT` with `Metadata: true` (or the agent's default endpoint when
 * it is installed); the 401's `WWW-Authenticate: Basic realm=<key file>` is answered with
 * `Authorization: Basic <file contents>`, read only from the agent's token folder (see `arcTokenDirectory`).
 * A user-assigned identity must be echoed back in the response.
 *
 * @example
 * ```ts
 * azureArcSource({ env: { IDENTITY_ENDPOINT, IMDS_ENDPOINT }, id, fileExists: () => false });
 * ```
 */
export const azureArcSource: ManagedIdentitySource = ({ env, arcTokenDirectory, fileExists }) => {
  const agent = [
    '/opt/azcmagent/bin/himds',
    `${readVariable(env, 'ProgramFiles') ?? 'C:\\Program Files'}\\AzureConnectedMachineAgent\\himds.exe`,
  ].some(fileExists);
  const imds = readVariable(env, 'IMDS_ENDPOINT');
  const endpoint = readVariable(env, 'IDENTITY_ENDPOINT');
  if (!(endpoint && imds) && !agent) return undefined;
  if (imds) endpointUrl(imds, 'IMDS_ENDPOINT');
  const url = endpointUrl(
    (imds && endpoint) || 'http://127.0.0.1:40342/metadata/identity/oauth2/token',
    'IDENTITY_ENDPOINT',
  );
  // The agent listens on IPv4 loopback; "localhost" may resolve to ::1 first.
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return {
    source: 'AzureArc',
    ids: MSI_IDS,
    buildRequest: (resource, id) => tokenGet(url, '2020-06-01', resource, id, MSI_IDS, { Metadata: 'true' }),
    answerChallenge: async (challenge, request) => {
      const key = await (await loadNodeSupport('AzureArc')).arcChallengeKey(
        challenge,
        arcTokenDirectory,
        env,
      );
      return { ...request, headers: { ...request.headers, Authorization: `Basic ${key}` } };
    },
  };
};
