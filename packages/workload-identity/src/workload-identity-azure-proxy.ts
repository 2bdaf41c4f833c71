// The transport of the AKS token proxy, Node only (the `node` entry uses it when the proxy is enabled): TLS with
// the cluster's CA as the only trust root and the SNI name as the server name, which fetch cannot express. The CA
// file is re-read on every request and re-checked when its content changes, so a rotated CA is picked up without
// a restart. node:tls and node:crypto are imported on the first request, so pods without the proxy never load them.
import type { FetchLike } from '@identity/core';
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { fetchOverSocket } from '@identity/core/node';
import type { AzureProxyConfig } from './workload-identity-proxy-config.js';
import { proxiedUrl } from './workload-identity-proxy-config.js';
import { readSmallFile } from './workload-identity-small-file.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function invalidCa(source: string, detail: string, cause?: unknown): CredentialUnavailableError {
  return new CredentialUnavailableError(
    `WorkloadIdentityCredential: ${source} ${detail} ${troubleshooting('workload-identity-azure-proxy')}`,
    { cause },
  );
}

/**
 * Checks that a CA bundle holds at least one parseable PEM certificate, and returns the certificates.
 *
 * @example
 * ```ts
 * await parseCaBundle(readFileSync('/var/run/ca.crt', 'utf8'), 'AZURE_KUBERNETES_CA_FILE');
 * ```
 */
export async function parseCaBundle(pem: string, source: string): Promise<string[]> {
  const { X509Certificate } = await import('node:crypto');
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw invalidCa(source, 'holds no PEM certificate.');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (cause) {
      throw invalidCa(source, 'holds a certificate that cannot be parsed.', cause);
    }
  }
  return blocks;
}

/**
 * A fetch that sends each request to the proxy (the request's path appended to the proxy URL) over TLS,
 * trusting only the configured CA (the default roots when none is configured) and presenting the SNI name.
 * Pass it as the `fetch` option.
 *
 * @example
 * ```ts
 * const fetch = createAzureProxyFetch({ proxyUrl: 'https://10.0.0.1:8443', sniName: 'x.ests.aks', caFile: '/var/run/ca.crt' });
 * ```
 */
export function createAzureProxyFetch(config: AzureProxyConfig): FetchLike {
  const { caFile, caData, sniName } = config;
  // The CA last read (file text or data) and its certificates: parsed again only when the text changes.
  let seen: { text: string; ca: Promise<string[]> } | undefined;
  const currentCa = async (): Promise<string[] | undefined> => {
    let text = caData;
    let source = 'AZURE_KUBERNETES_CA_DATA';
    if (caFile) {
      source = `AZURE_KUBERNETES_CA_FILE "${caFile}"`;
      text = await readSmallFile(caFile).catch((cause: unknown) => {
        throw invalidCa(source, 'cannot be read.', cause);
      });
    }
    if (text === undefined) return undefined;
    if (seen?.text !== text) seen = { text, ca: parseCaBundle(text, source) };
    const { ca } = seen;
    // A CA that did not parse is checked again on the next request.
    ca.catch(() => {
      if (seen?.ca === ca) seen = undefined;
    });
    return ca;
  };

  return async (url, init) => {
    const ca = await currentCa();
    const target = new URL(proxiedUrl(config.proxyUrl, url));
    const { connect } = await import('node:tls');
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const servername = sniName ?? (/^[\d.]+$|:/.test(host) ? undefined : host);
    // `ca` replaces the default roots, so only the cluster's CA is trusted.
    const socket = connect({ host, port: Number(target.port || 443), ca, servername });
    return fetchOverSocket(target, init, socket);
  };
}
