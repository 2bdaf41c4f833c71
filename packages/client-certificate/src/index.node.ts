// The Node.js entry (the `node` export condition): the portable entry's API, with the classes that also read
// certificate files, PFX and encrypted or PKCS#1 keys (node:fs, node:crypto).

export {
  ClientCertificateAssertion,
  ClientCertificateCredential,
} from './client-certificate-node-classes.js';
export * from './index.js';
