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
  // Web-standard: the same budget wherever it runs, what a Node app loads at start included (the client-secret
  // app's, as issue #11's hardening left it, plus the assertion callback). The single file also holds, inlined, the
  // proxy tunnel a Node app loads only behind a proxy: about 1.3 KiB more.
  // Issue #13 adds 0.125 KiB: every credential takes tokenCachePersistenceOptions as the peer's do (the plugin hook and
  // its error when no plugin is registered; the persistence code itself stays in @identity/cache-persistence).
  budgets: { node: 5.875 * 1024, nodeSingleFile: 7.25 * 1024, neutral: 5.875 * 1024, browser: 5.875 * 1024 },
});
