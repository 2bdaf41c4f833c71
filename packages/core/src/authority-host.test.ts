import { describe, expect, it } from 'vitest';
import { AzureAuthorityHosts, isLoopbackHost, resolveAuthorityHost } from './authority-host.js';
import { InvalidArgumentError } from './errors.js';

describe('resolveAuthorityHost', () => {
  it('prefers the option, then AZURE_AUTHORITY_HOST, then the public cloud', () => {
    const env = { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' };
    expect(resolveAuthorityHost('https://login.chinacloudapi.cn', env)).toBe(AzureAuthorityHosts.AzureChina);
    expect(resolveAuthorityHost(undefined, env)).toBe(AzureAuthorityHosts.AzureGovernment);
    expect(resolveAuthorityHost(undefined, {})).toBe(AzureAuthorityHosts.AzurePublicCloud);
    expect(resolveAuthorityHost('  ', { AZURE_AUTHORITY_HOST: ' ' })).toBe(
      AzureAuthorityHosts.AzurePublicCloud,
    );
  });

  it('adds https to a bare host and drops trailing slashes', () => {
    expect(resolveAuthorityHost('login.microsoftonline.us/', {})).toBe('https://login.microsoftonline.us');
    expect(resolveAuthorityHost('https://adfs.contoso.com/adfs/', {})).toBe('https://adfs.contoso.com/adfs');
  });

  it('allows plain http only on loopback, for emulators', () => {
    expect(resolveAuthorityHost('http://127.0.0.1:8080', {})).toBe('http://127.0.0.1:8080');
    expect(resolveAuthorityHost('http://localhost:9', {})).toBe('http://localhost:9');
    expect(resolveAuthorityHost('http://[::1]:9', {})).toBe('http://[::1]:9');
    expect(() => resolveAuthorityHost('http://login.microsoftonline.com', {})).toThrow(InvalidArgumentError);
    expect(() => resolveAuthorityHost('ftp://login.microsoftonline.com', {})).toThrow(
      /^authorityHost must be an https URL \(http only on loopback\)\. Troubleshooting: .*#authority-host$/,
    );
  });

  it('refuses credentials, queries and fragments, and things that are not URLs, saying which', () => {
    for (const [bad, problem] of [
      ['https://user:pw@login.example', 'must not contain a user name or password'],
      ['https://login.example/?x=1', 'must not have a query or fragment'],
      ['https://login.example/#f', 'must not have a query or fragment'],
      ['https://', 'must be an https URL (http only on loopback)'],
    ] as const) {
      expect(() => resolveAuthorityHost(bad, {}), bad).toThrow(`authorityHost ${problem}.`);
    }
  });

  it('never repeats a password given in the URL, from the option or the variable', () => {
    for (const [option, env] of [
      ['https://admin:P4ss-TEST-SECRET@login.example', {}],
      [undefined, { AZURE_AUTHORITY_HOST: 'http://admin:P4ss-TEST-SECRET@login.example' }],
      ['admin:P4ss-TEST-SECRET@login.example', {}],
    ] as const) {
      const error = (() => {
        try {
          resolveAuthorityHost(option, env);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(`${error?.message} ${error?.stack}`).not.toContain('P4ss');
    }
  });
});

describe('isLoopbackHost', () => {
  it('knows the loopback names and nothing else', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['169.254.169.254', 'localhost.evil.com', '10.0.0.1', '128.0.0.1'].some(isLoopbackHost)).toBe(
      false,
    );
  });
});
