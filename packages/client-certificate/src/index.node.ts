// The Node.js entry (the `node` export condition): the portable entry's API, with the classes that also read
// certificate files, PFX and encrypted or PKCS#1 keys (node:fs, node:crypto).

export { ClientCertificateAssertion } from './client-certificate-assertion.node.js';
export { ClientCertificateCredential } from './client-certificate-credential.node.js';
export * from './index.js';
