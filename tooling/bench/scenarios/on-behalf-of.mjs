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
  // A Node bundle also carries what a certificate in place of the secret would need there (files, PFX,
  // encrypted keys: about 2.9 KiB) and the proxy tunnel (about 1 KiB).
  budgets: { node: 12.5 * 1024, browser: 10 * 1024, neutral: 10 * 1024 },
});
