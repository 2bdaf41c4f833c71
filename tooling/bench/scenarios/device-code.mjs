// DeviceCodeCredential: @identity/device-code beside @azure/identity.
import { oneCredentialScenario } from '../measure/one-credential-scenario.mjs';

export default oneCredentialScenario({
  name: 'device-code',
  ours: '@identity/device-code',
  // The whole app: a command-line tool that signs its user in and gets one token.
  app: (specifier) => `import { DeviceCodeCredential } from '${specifier}';
const credential = new DeviceCodeCredential({ clientId: 'client-id', tenantId: 'tenant-id' });
export const token = await credential.getToken('https://graph.microsoft.com/User.Read');
`,
  // Issue #12's 6 KiB, wherever it runs: what a Node app loads at start, the web platforms. The single file also
  // holds, inlined, the proxy tunnel a Node app loads only behind a proxy: about 1.3 KiB more.
  budgets: { node: 6 * 1024, nodeSingleFile: 7.5 * 1024, browser: 6 * 1024, neutral: 6 * 1024 },
  installBudgets: { packages: 3 },
});
