// UsernamePasswordCredential: @identity/username-password beside @azure/identity.
import { oneCredentialScenario } from '../measure/one-credential-scenario.mjs';

export default oneCredentialScenario({
  name: 'username-password',
  ours: '@identity/username-password',
  app: (specifier) => `import { UsernamePasswordCredential } from '${specifier}';
const credential = new UsernamePasswordCredential('tenant-id', 'client-id', 'user@contoso.com', globalThis.PASSWORD);
export const token = await credential.getToken('https://graph.microsoft.com/User.Read');
`,
  // No target in the issue: the client-secret app's 5 KiB plus the deprecation warning's text.
  // A Node bundle also carries the proxy tunnel (Node's fetch ignores HTTPS_PROXY): about 1 KiB more.
  budgets: { node: 6.5 * 1024, neutral: 5.5 * 1024, browser: 5.5 * 1024 },
});
