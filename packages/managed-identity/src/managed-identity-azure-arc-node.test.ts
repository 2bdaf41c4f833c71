import { describe, expect, it } from 'vitest';
import { azureArcEndpoint } from './managed-identity-azure-arc-node.js';
import type { ManagedIdentityId } from './managed-identity-id.js';

const OBJECT: ManagedIdentityId = { kind: 'objectId', value: '22222222-2222-2222-2222-222222222222' };
const arc = azureArcEndpoint(new URL('http://localhost:40342/metadata/identity/oauth2/token'), undefined, {});
const token = (echo: Record<string, string>) => ({ access_token: 'a', expires_in: 3600, ...echo });

describe('Azure Arc (the ./node part)', () => {
  it('sends 2020-06-01 with Metadata: true to IPv4 loopback, never to a "localhost" that may be ::1', () => {
    const request = arc.buildRequest('https://vault.azure.net', OBJECT);
    const url = new URL(request.url);
    expect(url.host).toBe('127.0.0.1:40342');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      'api-version': '2020-06-01',
      resource: 'https://vault.azure.net',
      object_id: OBJECT.value,
    });
    expect(request.headers).toEqual({ Metadata: 'true' });
  });

  it('accepts a token that echoes the requested identity, in any case and under any of its names', () => {
    expect(arc.checkToken?.(token({ object_id: OBJECT.value.toUpperCase() }), OBJECT)).toBeUndefined();
    const byResource: ManagedIdentityId = { kind: 'resourceId', value: '/subscriptions/s/x' };
    expect(arc.checkToken?.(token({ mi_res_id: '/subscriptions/s/x' }), byResource)).toBeUndefined();
    expect(arc.checkToken?.(token({}), { kind: 'system' })).toBeUndefined();
  });

  it('refuses a token for another identity, or one that echoes none', () => {
    expect(arc.checkToken?.(token({ object_id: '33333333-3333-3333-3333-333333333333' }), OBJECT)).toBe(
      `a token for another identity than the identity with objectId ${OBJECT.value}`,
    );
    expect(arc.checkToken?.(token({}), OBJECT)).toContain('another identity');
  });

  it('refuses a 401 challenge without a key file before reading anything', async () => {
    await expect(
      arc.answerChallenge?.('Bearer x', { url: 'http://127.0.0.1', method: 'GET' }),
    ).rejects.toMatchObject({
      code: 'AUTHENTICATION_FAILED',
      message: expect.stringContaining('Basic realm'),
    });
  });
});
