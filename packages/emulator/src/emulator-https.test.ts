import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './emulator-server.js';

let emulator: Emulator;

function httpsJson(url: string, options: { ca?: string; method?: string; body?: string } = {}) {
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        headers: options.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ https: true });
});
afterAll(() => emulator.stop());

describe('HTTPS', () => {
  it('serves on https://localhost with a generated certificate exposed as caCertificate', () => {
    expect(emulator.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(emulator.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('is trusted by a client that adds caCertificate, and issues tokens with an https issuer', async () => {
    const discovery = await httpsJson(
      `${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`,
      {
        ca: emulator.caCertificate,
      },
    );
    expect(discovery.status).toBe(200);
    expect(discovery.json.issuer).toBe(`${emulator.url}/${emulator.tenantId}/v2.0`);

    const app = emulator.registerApp();
    const token = await httpsJson(`${emulator.url}/${app.tenantId}/oauth2/v2.0/token`, {
      ca: emulator.caCertificate,
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret!,
        scope: 'api://orders/.default',
      }).toString(),
    });
    expect(token.status).toBe(200);
    await expect(emulator.verifyAccessToken(String(token.json.access_token))).resolves.toMatchObject({
      iss: `${emulator.url}/${app.tenantId}/v2.0`,
    });
  });

  it('is also valid for 127.0.0.1', async () => {
    const port = new URL(emulator.url).port;
    const keys = await httpsJson(`https://127.0.0.1:${port}/${emulator.tenantId}/discovery/v2.0/keys`, {
      ca: emulator.caCertificate,
    });
    expect(keys.status).toBe(200);
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(httpsJson(`${emulator.url}/${emulator.tenantId}/discovery/v2.0/keys`)).rejects.toThrow(
      /self.signed|certificate/i,
    );
  });

  it('leaves no certificate on a plain HTTP emulator', async () => {
    const plain = await startEmulator();
    expect(plain.caCertificate).toBeUndefined();
    expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await plain.stop();
  });

  it('is valid for more host names when asked, for clients that reach it under another name', async () => {
    const named = await startEmulator({ https: true, hostNames: ['login.test'] });
    try {
      const names = new X509Certificate(named.caCertificate ?? '').subjectAltName;
      expect(names).toContain('DNS:login.test');
      expect(names).toContain('DNS:localhost');
      // The default certificate names only loopback.
      expect(new X509Certificate(emulator.caCertificate ?? '').subjectAltName).not.toContain('login.test');
    } finally {
      await named.stop();
    }
  });
});
