// A service principal with a certificate: from a file, or from PEM text held in memory, sending its chain
// (subject name / issuer authentication).
import { ClientCertificateCredential } from '@azure/identity';

const tenantId = process.env.AZURE_TENANT_ID ?? '';
const clientId = process.env.AZURE_CLIENT_ID ?? '';

export const fromFile = new ClientCertificateCredential(tenantId, clientId, '/etc/certs/app.pem');

export const fromFileWithPassword = new ClientCertificateCredential(tenantId, clientId, {
  certificatePath: '/etc/certs/app.pfx',
  certificatePassword: process.env.CERT_PASSWORD,
});

export const fromMemory = new ClientCertificateCredential(
  tenantId,
  clientId,
  { certificate: process.env.APP_CERTIFICATE_PEM ?? '' },
  { sendCertificateChain: true },
);
