// A certificate and key written to a 0600 file, for the certificate flavour of the credential.

import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';

/**
 * Makes an RSA key and a self-signed certificate with openssl (argument arrays, no shell) and writes both
 * to one PEM file.
 *
 * @example
 * ```ts
 * const { certificatePem, path } = testCertificateFile();
 * ```
 */
export function testCertificateFile(): { certificatePem: string; path: string } {
  const dir = temporaryFolder('on-behalf-of-test');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  const certificateFile = join(dir, 'certificate.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-key',
      keyFile,
      '-out',
      certificateFile,
      '-days',
      '1',
      '-subj',
      '/CN=on-behalf-of-test',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const certificatePem = readFileSync(certificateFile, 'utf8');
  const path = join(dir, 'api.pem');
  writeFileSync(path, certificatePem + keyPem, { mode: 0o600 });
  return { certificatePem, path };
}
