import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToken } from '../test/emulator-test-support.js';
import type { Emulator } from './emulator-server.js';
import { startEmulator } from './emulator-server.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.registerApp({ spaRedirectUris: ['https://app.contoso.example/'] });
});
afterAll(() => emulator.stop());

function preflight(target: Emulator, path: string, origin: string) {
  return fetch(`${target.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,client-request-id',
    },
  });
}

describe('CORS on the endpoints a browser app calls', () => {
  it.each([
    '/{tenant}/oauth2/v2.0/token',
    '/{tenant}/oauth2/v2.0/devicecode',
    '/{tenant}/v2.0/.well-known/openid-configuration',
    '/{tenant}/discovery/v2.0/keys',
    '/{tenant}/.well-known/openid-configuration',
    '/{tenant}/discovery/keys',
    '/common/discovery/instance',
  ])('answers the preflight of %s from a loopback origin', async (path) => {
    const response = await preflight(
      emulator,
      path.replace('{tenant}', emulator.tenantId),
      'http://localhost:5173',
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type,client-request-id');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('allows the origins of registered SPA redirect URIs, and refuses others', async () => {
    const token = `/${emulator.tenantId}/oauth2/v2.0/token`;
    expect((await preflight(emulator, token, 'https://app.contoso.example')).status).toBe(204);
    const refused = await preflight(emulator, token, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts the grant on answers and errors alike, so a browser can read AADSTS codes', async () => {
    const origin = { origin: 'http://127.0.0.1:3000' };
    const answer = await postToken(emulator, emulator.tenantId, { grant_type: 'client_credentials' }, origin);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(answer.headers.get('access-control-expose-headers')).toBe('client-request-id, x-ms-request-id');
    const metadata = await fetch(
      `${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`,
      {
        headers: origin,
      },
    );
    expect(metadata.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });

  it('refuses requests from other origins with a 403 that says how to allow them', async () => {
    const answer = await postToken(
      emulator,
      emulator.tenantId,
      { grant_type: 'client_credentials' },
      { origin: 'https://evil.example' },
    );
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ error: 'invalid_request', error_codes: [90023] });
    expect(answer.json.error_description).toContain("cross-origin requests from 'https://evil.example'");
    expect(answer.json.error_description).toContain('corsOrigins');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves other routes and requests without Origin alone', async () => {
    const authorize = await preflight(
      emulator,
      `/${emulator.tenantId}/oauth2/v2.0/authorize`,
      'http://localhost:5173',
    );
    expect(authorize.status).toBe(405);
    const plain = await postToken(emulator, emulator.tenantId, { grant_type: 'client_credentials' });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes configured origins instead of the loopback default, "*" allowing any', async () => {
    const configured = await startEmulator({ config: { corsOrigins: ['https://portal.contoso.example'] } });
    const any = await startEmulator({ corsOrigins: ['*'] });
    try {
      const token = (target: Emulator) => `/${target.tenantId}/oauth2/v2.0/token`;
      expect((await preflight(configured, token(configured), 'https://portal.contoso.example')).status).toBe(
        204,
      );
      expect((await preflight(configured, token(configured), 'http://localhost:5173')).status).toBe(403);
      expect((await preflight(any, token(any), 'https://anything.example')).status).toBe(204);
    } finally {
      await Promise.all([configured.stop(), any.stop()]);
    }
    await expect(startEmulator({ corsOrigins: 'http://x' as unknown as string[] })).rejects.toThrow(
      /corsOrigins/,
    );
  });
});
