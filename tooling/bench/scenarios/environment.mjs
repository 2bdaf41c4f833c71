// EnvironmentCredential: @identity/environment (secret, certificate and username/password inside) beside
// @azure/identity.
import { oneCredentialScenario } from '../measure/one-credential-scenario.mjs';

export default oneCredentialScenario({
  name: 'environment',
  ours: '@identity/environment',
  app: (specifier) => `import { EnvironmentCredential } from '${specifier}';
const credential = new EnvironmentCredential();
export const token = await credential.getToken('https://vault.azure.net/.default');
`,
  budgets: { node: 14 * 1024, neutral: 14 * 1024 },
});
