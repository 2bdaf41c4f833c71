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
  // 6 KiB, plus ~0.6 KiB of issue #11's hardening in core, for the portable credential (no token file there) and for what a Node app loads at start (which reads
  // the token file). The single file also holds, inlined, what a Node app loads only when it needs it: the AKS token
  // proxy's TLS transport (enableAzureProxy) and the proxy tunnel: about 2.1 KiB more.
  // Issue #13 adds 0.125 KiB: every credential takes tokenCachePersistenceOptions as the peer's do (the plugin hook and
  // its error when no plugin is registered; the persistence code itself stays in @identity/cache-persistence).
  // The probe-mi review adds 0.125 KiB to the Node rows (measured after it: 7,043 B at start, 9,225 B single file;
  // +21 B at start, all of it core's): core's
  // AuthenticationError redacts secrets from every errorResponse field (an echoed secret was kept in `error` and the
  // correlation ids), and the token file and the proxy's CA file are checked to be regular files of at most 1 MiB
  // before they are opened (a named pipe hung getToken for ever; a huge file was read whole and sent to Entra).
  // The single file re-based by 0.125 KiB (9,346 B, 2 B over, after stop 23's reviews): core's redaction of a
  // secret's JSON-escaped form and before an excerpt cuts it, and the developer-tool review's JWE redaction.
  // Node's entry chunk re-based by 0.125 KiB (7,175 B, 7 B over) for core's AuthenticationError turning the control
  // characters an endpoint sent (ESC sequences, CR, BEL, C1) into spaces before they reach a message (+14 B).
  budgets: { node: 7.125 * 1024, nodeSingleFile: 9.25 * 1024, neutral: 6.875 * 1024 },
});
