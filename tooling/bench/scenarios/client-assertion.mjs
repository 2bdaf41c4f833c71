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
  // Every row re-based by 0.125 KiB (now 6,052 B at start on Node, 7,441 B in one file, 6,045 B for browsers and
  // edge) for two fixes in core from the username-password/device-code review: a secret an endpoint echoes
  // JSON-escaped (a password with a `"` or `\`, kept in an AuthenticationError's raw body) or that an error's
  // excerpt or first line cuts in two is redacted (about +45 B wherever core's errors are).
  budgets: { node: 6 * 1024, nodeSingleFile: 7.375 * 1024, neutral: 6 * 1024, browser: 6 * 1024 },
});
