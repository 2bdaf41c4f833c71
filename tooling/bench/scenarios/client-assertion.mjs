// ClientAssertionCredential: @identity/client-assertion beside @azure/identity. The assertion comes from the
// host (a federated token), so the bundle measures code only.
import { oneCredentialScenario } from '../measure/one-credential-scenario.mjs';

export default oneCredentialScenario({
  name: 'client-assertion',
  ours: '@identity/client-assertion',
  app: (specifier) => `import { ClientAssertionCredential } from '${specifier}';
const credential = new ClientAssertionCredential('tenant-id', 'client-id', () => globalThis.FEDERATED_TOKEN);
export const token = await credential.getToken('https://vault.azure.net/.default');
`,
  // Web-standard. A Node bundle also carries the proxy tunnel (Node's fetch ignores HTTPS_PROXY): about 1 KiB more.
  budgets: { node: 6 * 1024, neutral: 5 * 1024, browser: 5 * 1024 },
});
