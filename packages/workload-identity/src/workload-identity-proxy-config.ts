// The AKS identity-binding token proxy (`enableAzureProxy`): which proxy, which TLS name and which CA, read
// from the variables the AKS webhook sets and checked before anything is sent.
import type { Environment } from '@identity/core';
import { CredentialUnavailableError } from '@identity/core';
import { readVariable, troubleshooting } from '@identity/core/internal';

/**
 * The checked proxy settings.
 *
 * @example
 * ```ts
 * const config: AzureProxyConfig = { proxyUrl: 'https://10.0.0.1:8443/proxy', sniName: 'x.ests.aks', caFile: '/var/run/ca.crt' };
 * ```
 */
export interface AzureProxyConfig {
  /** The proxy's https URL; token requests go to it with their own path appended. */
  proxyUrl: string;
  /** The TLS server name (SNI) the proxy answers to and its certificate is checked against. */
  sniName?: string;
  /** A PEM file with the CA that signs the proxy's certificate; re-read when it changes. */
  caFile?: string;
  /** The same CA as PEM text. */
  caData?: string;
}

const CREDENTIAL = 'WorkloadIdentityCredential';

function unavailable(problem: string): CredentialUnavailableError {
  return new CredentialUnavailableError(
    `${CREDENTIAL}: ${problem} ${troubleshooting('workload-identity-azure-proxy')}`,
  );
}

/**
 * Reads `AZURE_KUBERNETES_TOKEN_PROXY`, `AZURE_KUBERNETES_SNI_NAME`, `AZURE_KUBERNETES_CA_FILE` and
 * `AZURE_KUBERNETES_CA_DATA`. Returns `undefined` when no proxy is configured; throws
 * `CredentialUnavailableError` for a proxy URL that is not plain https, for both CA variables at once, or for
 * SNI/CA variables without a proxy.
 *
 * @example
 * ```ts
 * readAzureProxyConfig({ AZURE_KUBERNETES_TOKEN_PROXY: 'https://10.0.0.1:8443' }); // { proxyUrl: 'https://10.0.0.1:8443' }
 * ```
 */
export function readAzureProxyConfig(env: Environment): AzureProxyConfig | undefined {
  const proxy = readVariable(env, 'AZURE_KUBERNETES_TOKEN_PROXY');
  const sniName = readVariable(env, 'AZURE_KUBERNETES_SNI_NAME');
  const caFile = readVariable(env, 'AZURE_KUBERNETES_CA_FILE');
  const caData = readVariable(env, 'AZURE_KUBERNETES_CA_DATA');
  if (!proxy) {
    if (sniName || caFile || caData) {
      throw unavailable(
        'AZURE_KUBERNETES_SNI_NAME, AZURE_KUBERNETES_CA_FILE or AZURE_KUBERNETES_CA_DATA is set but AZURE_KUBERNETES_TOKEN_PROXY is not. Set the proxy URL too, or unset them.',
      );
    }
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(proxy);
  } catch {}
  if (url?.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
    throw unavailable(
      'AZURE_KUBERNETES_TOKEN_PROXY must be an https URL without credentials, query or fragment.',
    );
  }
  if (caFile && caData) {
    throw unavailable('set AZURE_KUBERNETES_CA_FILE or AZURE_KUBERNETES_CA_DATA, not both.');
  }
  if (sniName && !/^[a-zA-Z0-9.-]{1,253}$/.test(sniName)) {
    throw unavailable('AZURE_KUBERNETES_SNI_NAME must be a DNS name.');
  }
  const config: AzureProxyConfig = { proxyUrl: url.href };
  if (sniName) config.sniName = sniName;
  if (caFile) config.caFile = caFile;
  if (caData) config.caData = caData;
  return config;
}

/**
 * Where a token request goes through the proxy: the proxy's origin and path, then the request's own path
 * and query.
 *
 * @example
 * ```ts
 * proxiedUrl('https://10.0.0.1:8443/proxy', 'https://login.microsoftonline.com/t/oauth2/v2.0/token');
 * // 'https://10.0.0.1:8443/proxy/t/oauth2/v2.0/token'
 * ```
 */
export function proxiedUrl(proxyUrl: string, requestUrl: string): string {
  const proxy = new URL(proxyUrl);
  const request = new URL(requestUrl);
  return `${proxy.origin}${proxy.pathname.replace(/\/+$/, '')}${request.pathname}${request.search}`;
}
