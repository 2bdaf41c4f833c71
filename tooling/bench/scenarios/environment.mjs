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
  // 14 KiB for the edge build and for what a Node app loads at start. The single file also holds, inlined, what a
  // Node app loads only when it needs it (certificate files and PFX, the proxy tunnel): about 4.2 KiB more. The three
  // credentials load only once the variables configure one (what loads at start went from 10.2 KiB to 3.2 KiB), so a
  // bundler that does not split code wraps them in its lazy-module code: about 0.2 KiB more in the single file.
  // Re-based by 0.25 KiB for the certificate reader's bounds, in its lazily loaded Node half (see
  // client-certificate.mjs): regular files of at most 1 MiB, at most 1,000,000 key derivation iterations.
  // The single file re-based by 0.375 KiB (measured 15,651 B, 291 B over) for username-password's MFA refusal as an
  // AuthenticationRequiredError (about +350 B in username-password's bundle, inlined here) and core's AuthenticationError
  // turning an endpoint's control characters into spaces (+14 B).
  budgets: { node: 14 * 1024, nodeSingleFile: 15.375 * 1024, neutral: 14 * 1024 },
});
