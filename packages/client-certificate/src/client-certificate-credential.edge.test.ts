// Runs under edge-runtime (Vercel Edge's globals): an in-memory PKCS#8 PEM must get a token with web APIs
// only. There is no emulator here, so the scripted token endpoint verifies the assertion with WebCrypto.

import { loadX509 } from '@identity/emulator/x509';
import { jsonResponse, scriptedFetch } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { ClientCertificateCredential } from './client-certificate-credential.js';

const TENANT = 'contoso.example';
const CLIENT_ID = '00000000-0000-0000-0000-0000000000e1';

function pem(label: string, der: ArrayBuffer): string {
  const base64 = btoa(String.fromCharCode(...new Uint8Array(der)));
  return `-----BEGIN ${label}-----\n${base64.replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
}

function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// The same file runs in the Node project too; the edge project is the one that proves the point.
const runtime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string' ? 'edge-runtime' : 'node';

describe(`ClientCertificateCredential with web APIs only (${runtime})`, () => {
  it('signs with WebCrypto and gets a token from an in-memory PKCS#8 PEM', async () => {
    const x509 = await loadX509();
    const algorithm = {
      name: 'RSASSA-PKCS1-v1_5',
      hash: 'SHA-256',
      publicExponent: new Uint8Array([1, 0, 1]),
      modulusLength: 2048,
    };
    const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=edge-test',
      keys,
      signingAlgorithm: algorithm,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3600_000),
    });
    const privatePem = pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey));
    const verifyKey = await crypto.subtle.importKey(
      'spki',
      await crypto.subtle.exportKey('spki', keys.publicKey),
      { name: 'RSA-PSS', hash: 'SHA-256' },
      false,
      ['verify'],
    );

    let verified = false;
    const { fetch } = scriptedFetch(async (request) => {
      const assertion = new URLSearchParams(request.body).get('client_assertion') ?? '';
      const [header = '', claims = '', signature = ''] = assertion.split('.');
      verified = await crypto.subtle.verify(
        { name: 'RSA-PSS', saltLength: 32 },
        verifyKey,
        base64UrlDecode(signature),
        new TextEncoder().encode(`${header}.${claims}`),
      );
      return verified
        ? jsonResponse({ access_token: 'edge-token', expires_in: 3600, token_type: 'Bearer' })
        : jsonResponse({ error: 'invalid_client', error_description: 'AADSTS700027: bad signature' }, 401);
    });

    const credential = new ClientCertificateCredential(
      TENANT,
      CLIENT_ID,
      { certificate: certificate.toString('pem') + privatePem },
      { fetch, env: {} },
    );
    const token = await credential.getToken('https://vault.azure.net/.default');
    expect(verified).toBe(true);
    expect(token.token).toBe('edge-token');
  });
});
