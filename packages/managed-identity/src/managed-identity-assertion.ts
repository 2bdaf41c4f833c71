// Managed identity as a federated credential: the identity's token for the token-exchange audience is the
// client assertion of an app registration, possibly in another tenant. No secret anywhere.
import type { TokenCredential } from '@identity/core';

/**
 * The audience Entra's public cloud expects of a federated assertion. Sovereign clouds use
 * `api://AzureADTokenExchangeUSGov` and `api://AzureADTokenExchangeChina`.
 *
 * @example
 * ```ts
 * TOKEN_EXCHANGE_AUDIENCE; // 'api://AzureADTokenExchange'
 * ```
 */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Options of {@link managedIdentityAssertion}.
 *
 * @example
 * ```ts
 * // An app whose federated credential names the US Government cloud's audience.
 * const options: ManagedIdentityAssertionOptions = { audience: 'api://AzureADTokenExchangeUSGov' };
 * const app = new ClientAssertionCredential(tenantId, appClientId, managedIdentityAssertion(identity, options));
 * ```
 */
export interface ManagedIdentityAssertionOptions {
  /** The audience the app's federated credential names. Default {@link TOKEN_EXCHANGE_AUDIENCE}. */
  audience?: string;
}

/**
 * Turns a managed identity into the `getAssertion` callback of `ClientAssertionCredential`: each call returns
 * the identity's token for the token-exchange audience, from the credential's cache (refreshed ahead of
 * expiry). The app registration trusts it with a federated credential whose issuer is
 * `https://login.microsoftonline.com/<identity's tenant>/v2.0` and whose subject is the identity's object id.
 *
 * @example
 * ```ts
 * import { ClientAssertionCredential } from '@identity/client-assertion';
 * import { ManagedIdentityCredential, managedIdentityAssertion } from '@identity/managed-identity';
 *
 * const identity = new ManagedIdentityCredential({ clientId: miClientId });
 * const app = new ClientAssertionCredential(otherTenantId, appClientId, managedIdentityAssertion(identity));
 * const { token } = await app.getToken('https://graph.microsoft.com/.default');
 * ```
 */
export function managedIdentityAssertion(
  credential: TokenCredential,
  options: ManagedIdentityAssertionOptions = {},
): () => Promise<string> {
  const scope = `${(options.audience ?? TOKEN_EXCHANGE_AUDIENCE).replace(/\/+$/, '')}/.default`;
  return async () => {
    const token = await credential.getToken(scope);
    if (!token) throw new Error('ManagedIdentityAssertion: the managed identity returned no token.');
    return token.token;
  };
}
