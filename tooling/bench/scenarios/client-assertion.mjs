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
  // Web-standard: the same budget wherever it runs. Issue #3 asked for 5 KiB, but @identity/core alone
  // weighs 5,093 B in the client-secret app and a bare assertion grant 5,091 B; the checks the issue also
  // asks for (a clear error for an empty assertion, callback failures as AuthenticationError with the cause,
  // the deriving credential's name in messages) cost about 160 B more. 5.25 KiB until core gets lighter.
  budgets: { node: 5.25 * 1024, neutral: 5.25 * 1024, browser: 5.25 * 1024 },
});
