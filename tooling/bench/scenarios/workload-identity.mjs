// WorkloadIdentityCredential: @identity/workload-identity beside @azure/identity, configured as the AKS
// webhook does it. The AKS token proxy transport is a separate entry, loaded only when enabled.
import { oneCredentialScenario } from '../measure/one-credential-scenario.mjs';

export default oneCredentialScenario({
  name: 'workload-identity',
  ours: '@identity/workload-identity',
  app: (specifier) => `import { WorkloadIdentityCredential } from '${specifier}';
const credential = new WorkloadIdentityCredential({
  tenantId: 'tenant-id',
  clientId: 'client-id',
  tokenFilePath: '/var/run/secrets/azure/tokens/azure-identity-token',
});
export const token = await credential.getToken('https://storage.azure.com/.default');
`,
  // The web platforms bundle the portable credential (no token file there). A Node bundle also reads the token
  // file, carries the AKS token proxy's TLS transport (about 0.8 KiB) and the proxy tunnel (about 1 KiB).
  budgets: { node: 8 * 1024, neutral: 6 * 1024 },
});
