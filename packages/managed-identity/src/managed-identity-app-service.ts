// App Service, Azure Functions and Container Apps: the platform's local token endpoint.
import type { IdentityParameters, ManagedIdentitySource } from './managed-identity-source.js';
import { endpointUrl, readAll, tokenGet } from './managed-identity-source.js';

const IDS: IdentityParameters = { clientId: 'client_id', objectId: 'object_id', resourceId: 'mi_res_id' };

/**
 * App Service (2019-08-01): GET `IDENTITY_ENDPOINT` with `X-IDENTITY-HEADER: IDENTITY_HEADER`, and
 * `client_id` / `object_id` / `mi_res_id` for a user-assigned identity.
 *
 * @example
 * ```ts
 * appServiceSource({ env: { IDENTITY_ENDPOINT: 'http://127.0.0.1:41741/msi/token', IDENTITY_HEADER: 'x' }, id });
 * ```
 */
export const appServiceSource: ManagedIdentitySource = ({ env }) => {
  const [endpoint, header] = readAll(env, 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER') ?? [];
  if (!endpoint || !header) return undefined;
  const url = endpointUrl(endpoint, 'IDENTITY_ENDPOINT');
  return {
    source: 'AppService',
    ids: IDS,
    buildRequest: (resource, id) =>
      tokenGet(url, '2019-08-01', resource, id, IDS, { 'X-IDENTITY-HEADER': header }, header),
  };
};
