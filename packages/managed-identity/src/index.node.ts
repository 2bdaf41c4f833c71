// The Node.js entry (the `node` export condition, which Deno and Bun resolve too): the portable entry's API, with
// the credential that also serves Azure Arc, Service Fabric and token exchange.
export * from './index.js';
export { ManagedIdentityCredential } from './managed-identity-credential.node.js';
