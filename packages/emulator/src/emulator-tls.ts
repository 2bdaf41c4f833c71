// A throwaway self-signed certificate for `localhost` and `127.0.0.1`, made at start for `https: true`.
import { webcrypto } from 'node:crypto';
import { loadX509 } from './emulator-x509.js';

/**
 * The PEM certificate and private key of the HTTPS server.
 *
 * @example
 * ```ts
 * const tls: TlsMaterial = await createSelfSignedTls();
 * tls.certificate.startsWith('-----BEGIN CERTIFICATE-----'); // true
 * ```
 */
export interface TlsMaterial {
  /** The certificate, PEM. */
  certificate: string;
  /** Its private key, PEM. */
  privateKey: string;
}

function toPem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Generates an ECDSA P-256 key and a self-signed certificate valid for `localhost`, `127.0.0.1`, `::1` and
 * `hostNames` for a day. Clients trust it by adding the PEM to their CA list (`ca`, `NODE_EXTRA_CA_CERTS`).
 *
 * @example
 * ```ts
 * const { certificate, privateKey } = await createSelfSignedTls();
 * https.createServer({ cert: certificate, key: privateKey });
 * ```
 */
export async function createSelfSignedTls(
  now: number = Date.now(),
  hostNames: readonly string[] = [],
): Promise<TlsMaterial> {
  const x509 = await loadX509();
  // Pass the provider explicitly rather than relying on global state.
  const crypto = webcrypto as unknown as Crypto;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=localhost, O=Identity Emulator (development only)',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 24 * 3600_000),
      keys,
      signingAlgorithm: algorithm,
      extensions: [
        // A self-signed certificate that is its own trust anchor must be allowed to act as a CA.
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: 'localhost' },
          ...hostNames.map((value) => ({ type: 'dns' as const, value })),
          { type: 'ip', value: '127.0.0.1' },
          { type: 'ip', value: '::1' },
        ]),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificate: certificate.toString('pem'), privateKey: toPem('PRIVATE KEY', pkcs8) };
}
