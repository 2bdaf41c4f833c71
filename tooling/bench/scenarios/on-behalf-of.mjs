// OnBehalfOfCredential: @identity/on-behalf-of beside @azure/identity, in a middle-tier API with a secret.
import { oneCredentialScenario } from '../measure/one-credential-scenario.mjs';

export default oneCredentialScenario({
  name: 'on-behalf-of',
  ours: '@identity/on-behalf-of',
  // The whole app: exchange the caller's token for a Graph token.
  app: (specifier) => `import { OnBehalfOfCredential } from '${specifier}';
export async function handle(userAssertionToken) {
  const credential = new OnBehalfOfCredential({
    tenantId: 'tenant-id', clientId: 'client-id', clientSecret: globalThis.CLIENT_SECRET, userAssertionToken,
  });
  return credential.getToken('https://graph.microsoft.com/User.Read');
}
`,
  budgets: { node: 10 * 1024, browser: 10 * 1024, neutral: 10 * 1024 },
});
