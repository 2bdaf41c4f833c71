// Azure Arc-enabled servers: the local agent answers a first request with a 401 naming a key file that only
// local administrators can read; the file's contents prove the caller runs on the machine. Detected here;
// the requests are made by Node support (managed-identity-azure-arc-node), as reading the key needs Node.
import { readVariable } from '@identity/core/internal';
import type { ManagedIdentitySource } from './managed-identity-source.js';
import { endpointUrl, MSI_IDS, needsNode } from './managed-identity-source.js';

/**
 * Azure Arc: found from `IDENTITY_ENDPOINT` and `IMDS_ENDPOINT`, or from the installed agent (then at the
 * agent's default endpoint). Both URLs are checked here, at construction.
 *
 * @example
 * ```ts
 * azureArcSource({ env: { IDENTITY_ENDPOINT, IMDS_ENDPOINT }, id });
 * ```
 */
export const azureArcSource: ManagedIdentitySource = ({ env, arcTokenDirectory, node }) => {
  // Without a file system (no Node support), only the variables can tell.
  const agent = [
    '/opt/azcmagent/bin/himds',
    `${readVariable(env, 'ProgramFiles') ?? 'C:\\Program Files'}\\AzureConnectedMachineAgent\\himds.exe`,
  ].some((path) => node?.fileExists(path));
  const imds = readVariable(env, 'IMDS_ENDPOINT');
  const endpoint = readVariable(env, 'IDENTITY_ENDPOINT');
  if (!(endpoint && imds) && !agent) return undefined;
  if (imds) endpointUrl(imds, 'IMDS_ENDPOINT');
  const url = endpointUrl(
    (imds && endpoint) || 'http://127.0.0.1:40342/metadata/identity/oauth2/token',
    'IDENTITY_ENDPOINT',
  );
  return {
    source: 'AzureArc',
    ids: MSI_IDS,
    load: async () => needsNode(node, 'AzureArc').azureArcEndpoint(url, arcTokenDirectory, env),
  };
};
