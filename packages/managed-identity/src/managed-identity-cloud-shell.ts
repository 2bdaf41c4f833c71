// Azure Cloud Shell: the signed-in user's token, from a local endpoint. No user-assigned identities.
import { readVariable } from '@identity/core/internal';
import type { ManagedIdentitySource } from './managed-identity-source.js';
import { endpointUrl } from './managed-identity-source.js';

/**
 * Cloud Shell: POST `MSI_ENDPOINT` with the form `resource=<resource>` and `Metadata: true`.
 *
 * @example
 * ```ts
 * cloudShellSource({ env: { MSI_ENDPOINT: 'http://localhost:50342/oauth2/token' }, id });
 * ```
 */
export const cloudShellSource: ManagedIdentitySource = ({ env }) => {
  const endpoint = readVariable(env, 'MSI_ENDPOINT');
  if (!endpoint) return undefined;
  const url = endpointUrl(endpoint, 'MSI_ENDPOINT').href;
  return {
    source: 'CloudShell',
    ids: {},
    buildRequest: (resource) => ({
      url,
      method: 'POST',
      headers: { Metadata: 'true', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ resource }).toString(),
    }),
  };
};
