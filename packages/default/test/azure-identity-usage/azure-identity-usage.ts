// Code written for @azure/identity 4 as its users write it, with only the module name changed to
// @identity/default: this file compiling is the test (it is type-checked, never run). Each block is one thing a
// user of DefaultAzureCredential does with what `@azure/identity` exports beside it.
import {
  type AccessToken,
  AggregateAuthenticationError,
  AggregateAuthenticationErrorName,
  AuthenticationError,
  AuthenticationErrorName,
  AuthenticationRequiredError,
  type AuthenticationRequiredErrorOptions,
  type AuthorityValidationOptions,
  AzureAuthorityHosts,
  ChainedTokenCredential,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  DefaultAzureCredential,
  type DefaultAzureCredentialClientIdOptions,
  type DefaultAzureCredentialOptions,
  type ErrorResponse,
  type GetBearerTokenProviderOptions,
  type GetTokenOptions,
  getBearerTokenProvider,
  logger,
  type MultiTenantTokenCredentialOptions,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@identity/default';

// DefaultAzureCredential is a ChainedTokenCredential, and both are TokenCredentials.
const credential = new DefaultAzureCredential();
const chain: ChainedTokenCredential = credential;
export const fallback: TokenCredential = new ChainedTokenCredential(chain, new DefaultAzureCredential());

// The bearer-token provider, beside it.
const providerOptions: GetBearerTokenProviderOptions = { abortSignal: AbortSignal.timeout(30_000) };
export const getAccessToken: () => Promise<string> = getBearerTokenProvider(
  credential,
  'https://cognitiveservices.azure.com/.default',
  providerOptions,
);

// AzureAuthorityHosts is an enum in @azure/identity: a value and a type.
function authorityHostFor(cloud: string): AzureAuthorityHosts {
  switch (cloud) {
    case 'china':
      return AzureAuthorityHosts.AzureChina;
    case 'usgov':
      return AzureAuthorityHosts.AzureGovernment;
    default:
      return AzureAuthorityHosts.AzurePublicCloud;
  }
}
const sovereign: DefaultAzureCredentialOptions = { authorityHost: authorityHostFor('usgov') };
export const inGovernmentCloud = new DefaultAzureCredential(sovereign);
const userAssigned: DefaultAzureCredentialClientIdOptions = { managedIdentityClientId: '<client-id>' };
export const withUserAssignedIdentity = new DefaultAzureCredential(userAssigned);

// The shared options, by the names @azure/identity gives them.
const multiTenant: MultiTenantTokenCredentialOptions = {
  authorityHost: AzureAuthorityHosts.AzurePublicCloud,
  additionallyAllowedTenants: ['*'],
};
const authorityValidation: AuthorityValidationOptions = { disableInstanceDiscovery: true };
const shared: TokenCredentialOptions = {
  ...multiTenant,
  ...authorityValidation,
  userAgentOptions: { userAgentPrefix: 'contoso-billing/2.1' },
};
export const configured = new DefaultAzureCredential(shared);

// The errors: constructed as @azure/identity's are, and read after a failed getToken.
export class OfflineCredential implements TokenCredential {
  async getToken(): Promise<AccessToken | null> {
    throw new CredentialUnavailableError();
  }
}
const requiredOptions: AuthenticationRequiredErrorOptions = {
  scopes: ['https://graph.microsoft.com/.default'],
  getTokenOptions: { tenantId: 'contoso.onmicrosoft.com' },
  message: 'Sign in first.',
  cause: new Error('no account in the cache'),
};
export const thrown = [
  new CredentialUnavailableError('not here', { cause: new Error('why') }),
  new AuthenticationError(400, { error: 'invalid_client', error_description: 'AADSTS7000215: bad secret' }),
  new AuthenticationError(500, 'Internal Server Error', { cause: new Error('upstream') }),
  new AggregateAuthenticationError([new Error('first')], 'Every credential failed.'),
  new AuthenticationRequiredError(requiredOptions),
];

export async function tokenOrReason(): Promise<string> {
  try {
    return (await credential.getToken('https://vault.azure.net/.default')).token;
  } catch (error) {
    if (error instanceof AggregateAuthenticationError) {
      const reasons: string[] = [];
      for (let i = 0; i < error.errors.length; i++) reasons.push(error.errors[i].message);
      return reasons.join('\n');
    }
    if (error instanceof AuthenticationRequiredError) {
      const options: GetTokenOptions | undefined = error.getTokenOptions;
      return `sign in for ${error.scopes.join(' ')} in ${options?.tenantId ?? 'the home tenant'}`;
    }
    if (error instanceof AuthenticationError) {
      const response: ErrorResponse = error.errorResponse;
      return `${error.statusCode} ${response.error}: ${response.errorDescription} (${response.correlationId})`;
    }
    switch ((error as Error).name) {
      case CredentialUnavailableErrorName:
      case AuthenticationErrorName:
      case AggregateAuthenticationErrorName:
        return (error as Error).message;
    }
    throw error;
  }
}

// The identity logger.
logger.info('using DefaultAzureCredential');
logger.warning('falling back');
logger.verbose('details');
logger.error('failed');
