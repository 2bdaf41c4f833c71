import { describe, expect, it } from 'vitest';
import { matchRedirectUri, spaOrigins, validateRedirectUri } from './emulator-redirect-uris.js';

const app = {
  publicClient: true,
  redirectUris: ['http://localhost', 'https://app.contoso.example/callback'],
  spaRedirectUris: ['http://localhost:5173/spa'],
};

describe('registering redirect URIs', () => {
  it.each(['https://app.contoso.example/cb', 'http://localhost', 'http://127.0.0.1:8400/cb?tenant=x'])(
    'accepts %s',
    (uri) => {
      expect(validateRedirectUri(uri, 'redirectUris')).toBe(uri);
    },
  );

  it.each([
    ['http on a public host', 'http://app.contoso.example/cb', 'must use https'],
    ['the IPv6 loopback, which Entra does not support', 'http://[::1]:8400/', 'must use https'],
    ['a fragment', 'https://app.contoso.example/cb#x', 'must not contain a fragment'],
    ['a relative URI', '/callback', 'must hold absolute URIs'],
    ['a script URI', 'javascript:alert(1)', 'must use https'],
  ])('refuses %s', (_, uri, message) => {
    expect(() => validateRedirectUri(uri, 'redirectUris')).toThrow(message);
  });
});

describe('matching a requested redirect URI', () => {
  it('matches loopback URIs on any port, with the same path', () => {
    expect(matchRedirectUri(app, 'http://localhost:49152/')).toBe('public');
    expect(matchRedirectUri(app, 'http://localhost:49152')).toBe('public');
    expect(matchRedirectUri(app, 'http://localhost:49152/other')).toBeUndefined();
    expect(matchRedirectUri(app, 'http://127.0.0.1:49152/')).toBeUndefined(); // another host
  });

  it('matches other URIs exactly, paths being case-sensitive', () => {
    expect(matchRedirectUri(app, 'https://app.contoso.example/callback')).toBe('public');
    expect(matchRedirectUri(app, 'https://app.contoso.example/Callback')).toBeUndefined();
    expect(matchRedirectUri(app, 'https://app.contoso.example:8443/callback')).toBeUndefined();
    expect(matchRedirectUri({ ...app, publicClient: false }, 'https://app.contoso.example/callback')).toBe(
      'web',
    );
  });

  it('tells SPA redirect URIs apart and lists their origins', () => {
    expect(matchRedirectUri(app, 'http://localhost:5000/spa')).toBe('spa');
    expect(spaOrigins(app)).toEqual(['http://localhost:5173']);
  });

  it('refuses what is not a URI', () => {
    expect(matchRedirectUri(app, 'not a uri')).toBeUndefined();
    expect(matchRedirectUri(app, 'http://localhost/#x')).toBeUndefined();
  });
});
