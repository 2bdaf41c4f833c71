import { InvalidArgumentError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { parseLoopbackRedirectUri } from './interactive-browser-loopback-redirect-uri.js';

const NAME = 'InteractiveBrowserCredential';

describe('parseLoopbackRedirectUri', () => {
  it.each([
    ['http://localhost', 0, 'http://localhost:51000'],
    ['http://localhost:8400', 8400, 'http://localhost:8400'],
    // A URL leaves out the scheme's default port: 80 written is still the port the user named.
    ['http://localhost:80', 80, 'http://localhost:80'],
    ['http://127.0.0.1:80/callback', 80, 'http://127.0.0.1:80/callback'],
    ['http://localhost:080/', 80, 'http://localhost:80/'],
    // However the URL is written: spaces around it, backslashes, a tab in the port.
    [' http:\\\\localhost:80 ', 80, 'http://localhost:80'],
    ['http://localhost:8\t0/cb', 80, 'http://localhost:80/cb'],
    ['http://localhost/cb:80', 0, 'http://localhost:51000/cb:80'],
  ])('reads %s as port %i (0: any free port)', (redirectUri, port, written) => {
    const endpoint = parseLoopbackRedirectUri(NAME, redirectUri);
    expect(endpoint.port).toBe(port);
    expect(endpoint.uri(port || 51000)).toBe(written);
  });

  it('refuses a redirect URI that is not loopback http', () => {
    expect(() => parseLoopbackRedirectUri(NAME, 'https://localhost:80')).toThrow(InvalidArgumentError);
  });
});
