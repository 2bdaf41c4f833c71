import { CredentialUnavailableError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { proxiedUrl, readAzureProxyConfig } from './workload-identity-proxy-config.js';

const PROXY = 'https://10.0.0.1:8443/token-proxy';

describe('readAzureProxyConfig', () => {
  it('is undefined when nothing is set', () => {
    expect(readAzureProxyConfig({})).toBeUndefined();
  });

  it('reads the proxy, SNI name and CA', () => {
    expect(
      readAzureProxyConfig({
        AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
        AZURE_KUBERNETES_SNI_NAME: 'abc.ests.aks',
        AZURE_KUBERNETES_CA_FILE: '/var/run/ca.crt',
      }),
    ).toEqual({ proxyUrl: PROXY, sniName: 'abc.ests.aks', caFile: '/var/run/ca.crt' });
  });

  it.each([
    ['SNI without a proxy', { AZURE_KUBERNETES_SNI_NAME: 'abc.ests.aks' }, /TOKEN_PROXY is not/],
    ['a CA file without a proxy', { AZURE_KUBERNETES_CA_FILE: '/ca' }, /TOKEN_PROXY is not/],
    ['CA data without a proxy', { AZURE_KUBERNETES_CA_DATA: 'pem' }, /TOKEN_PROXY is not/],
    ['plain http', { AZURE_KUBERNETES_TOKEN_PROXY: 'http://10.0.0.1' }, /must be an https URL/],
    ['credentials', { AZURE_KUBERNETES_TOKEN_PROXY: 'https://u:p@10.0.0.1' }, /must be an https URL/],
    ['a query', { AZURE_KUBERNETES_TOKEN_PROXY: 'https://10.0.0.1/?a=1' }, /must be an https URL/],
    ['a fragment', { AZURE_KUBERNETES_TOKEN_PROXY: 'https://10.0.0.1/#x' }, /must be an https URL/],
    ['not a URL', { AZURE_KUBERNETES_TOKEN_PROXY: '10.0.0.1:8443' }, /must be an https URL/],
    [
      'both CA variables',
      {
        AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
        AZURE_KUBERNETES_CA_FILE: '/ca',
        AZURE_KUBERNETES_CA_DATA: 'pem',
      },
      /not both/,
    ],
    [
      'an SNI name that is not a DNS name',
      { AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_SNI_NAME: 'a b' },
      /DNS name/,
    ],
  ])('is unavailable with %s', (_label, env, message) => {
    let error: unknown;
    try {
      readAzureProxyConfig(env);
    } catch (e) {
      error = e;
    }
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe('proxiedUrl', () => {
  it('appends the request path and query to the proxy URL', () => {
    expect(proxiedUrl(PROXY, 'https://login.microsoftonline.com/t/oauth2/v2.0/token?x=1')).toBe(
      'https://10.0.0.1:8443/token-proxy/t/oauth2/v2.0/token?x=1',
    );
    expect(
      proxiedUrl('https://10.0.0.1:8443/', 'https://login.microsoftonline.com/t/oauth2/v2.0/token'),
    ).toBe('https://10.0.0.1:8443/t/oauth2/v2.0/token');
  });
});
