// The Node.js entry (the `node` export condition, which Deno and Bun resolve too): the portable entry's API, with
// the credential that reads the token file and can send through the AKS token proxy.
export * from './index.js';
export { WorkloadIdentityCredential } from './workload-identity-credential.node.js';
