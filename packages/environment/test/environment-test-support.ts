// What the environment tests share: a certificate file as AZURE_CLIENT_CERTIFICATE_PATH expects it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';

/**
 * A self-signed certificate and its key in one PEM file (made by openssl, an argument array, no shell), and the
 * certificate alone, to register on an emulator app.
 *
 * @example
 * ```ts
 * const { path, pem } = certificateFile();
 * const app = emulator.registerApp({ certificates: [pem] });
 * ```
 */
export function certificateFile(): { path: string; pem: string } {
  const dir = temporaryFolder('env-cert');
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=environment-credential-test',
    ],
    { stdio: 'pipe', timeout: 30_000 },
  );
  const pem = readFileSync(cert, 'utf8');
  const path = join(dir, 'app.pem');
  writeFileSync(path, `${pem}${readFileSync(key, 'utf8')}`, { mode: 0o600 });
  return { path, pem };
}
