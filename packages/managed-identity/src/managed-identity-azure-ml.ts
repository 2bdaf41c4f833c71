// Azure Machine Learning compute: its own api-version, client ids only, US-format expiry dates.
import { readVariable } from '@identity/core/internal';
import type { IdentityParameters, ManagedIdentitySource } from './managed-identity-source.js';
import { endpointUrl, readAll, tokenGet } from './managed-identity-source.js';

const IDS: IdentityParameters = { clientId: 'clientid' };

/**
 * Azure ML (2017-09-01): GET `MSI_ENDPOINT` with `secret: MSI_SECRET` and `Metadata: true`; `clientid` names
 * the identity (`DEFAULT_IDENTITY_CLIENT_ID` for the compute's own).
 *
 * @example
 * ```ts
 * azureMlSource({ env: { MSI_ENDPOINT: 'http://127.0.0.1:46808/MSI/auth', MSI_SECRET: 's' }, id });
 * ```
 */
export const azureMlSource: ManagedIdentitySource = ({ env }) => {
  const [endpoint, secret] = readAll(env, 'MSI_ENDPOINT', 'MSI_SECRET') ?? [];
  if (!endpoint || !secret) return undefined;
  const url = endpointUrl(endpoint, 'MSI_ENDPOINT');
  const own = readVariable(env, 'DEFAULT_IDENTITY_CLIENT_ID');
  return {
    source: 'AzureML',
    ids: IDS,
    buildRequest: (resource, id) =>
      tokenGet(
        url,
        '2017-09-01',
        resource,
        id,
        IDS,
        { secret, Metadata: 'true' },
        secret,
        id.kind === 'system' && own ? { clientid: own } : {},
      ),
  };
};
