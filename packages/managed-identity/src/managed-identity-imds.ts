// Azure Instance Metadata Service: VMs, scale sets, AKS nodes. The source used when no other is detected;
// `AZURE_POD_IDENTITY_AUTHORITY_HOST` or `IMDS_ENDPOINT` point it elsewhere. Plain http, never proxied.
import { readVariable } from '@identity/core/internal';
import type { ManagedIdentitySource } from './managed-identity-source.js';
import { endpointUrl, MSI_IDS, tokenGet } from './managed-identity-source.js';

/**
 * IMDS: GET `/metadata/identity/oauth2/token` with `Metadata: true`, api-version 2018-02-01, and `client_id` /
 * `object_id` / `msi_res_id`. A 400 means the identity is not assigned to this resource.
 *
 * @example
 * ```ts
 * imdsSource({ env: {}, id: { kind: 'system' } })?.source; // 'IMDS'
 * ```
 */
export const imdsSource: ManagedIdentitySource = ({ env }) => {
  const name = ['AZURE_POD_IDENTITY_AUTHORITY_HOST', 'IMDS_ENDPOINT'].find((n) => readVariable(env, n));
  const url = endpointUrl((name && readVariable(env, name)) || 'http://169.254.169.254', name ?? 'IMDS');
  // A bare host gets the token path; a full endpoint URL is used as it is.
  if (url.pathname === '/') url.pathname = '/metadata/identity/oauth2/token';
  return {
    source: 'IMDS',
    ids: MSI_IDS,
    buildRequest: (resource, id) => tokenGet(url, '2018-02-01', resource, id, MSI_IDS, { Metadata: 'true' }),
  };
};
