// The transport of the AKS token proxy, Node only (the `@identity/workload-identity/azure-proxy` entry, loaded
// when the proxy is enabled): node:https with the cluster's CA as the only trust root and the SNI name as
// the TLS server name, which fetch cannot express. The CA file is re-read on every request and re-checked
// when its content changes, so a rotated CA is picked up without a restart.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import type { FetchLike } from '@identity/core';
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import type { AzureProxyConfig } from './workload-identity-proxy-config.js';
import { proxiedUrl } from './workload-identity-proxy-config.js';

export { readAzureProxyConfig } from './workload-identity-proxy-config.js';

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
 * parseCaBundle(readFileSync('/var/run/ca.crt', 'utf8'), 'AZURE_KUBERNETES_CA_FILE');
 * ```
 */
export function parseCaBundle(pem: string, source: string): string[] {
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
 * A fetch that sends each request to the proxy (the request's path appended to the proxy URL) over
 * node:https, trusting only the configured CA and presenting the SNI name. Pass it as the `fetch` option.
 *
 * @example
 * ```ts
 * const fetch = createAzureProxyFetch({ proxyUrl: 'https://10.0.0.1:8443', sniName: 'x.ests.aks', caFile: '/var/run/ca.crt' });
 * ```
 */
export function createAzureProxyFetch(config: AzureProxyConfig): FetchLike {
  const fixed =
    config.caData === undefined ? undefined : parseCaBundle(config.caData, 'AZURE_KUBERNETES_CA_DATA');
  let seen: { text: string; agent: Agent } | undefined;

  const agentFor = async (): Promise<Agent> => {
    if (!config.caFile) {
      seen ??= { text: '', agent: newAgent(fixed) };
      return seen.agent;
    }
    let text: string;
    try {
      text = await readFile(config.caFile, 'utf8');
    } catch (cause) {
      throw invalidCa(`AZURE_KUBERNETES_CA_FILE "${config.caFile}"`, 'cannot be read.', cause);
    }
    if (seen?.text !== text) {
      const ca = parseCaBundle(text, `AZURE_KUBERNETES_CA_FILE "${config.caFile}"`);
      seen?.agent.destroy();
      seen = { text, agent: newAgent(ca) };
    }
    return seen.agent;
  };

  // One keep-alive agent per CA; `ca` replaces the default roots, so only the cluster's CA is trusted.
  const newAgent = (ca: string[] | undefined) =>
    new Agent({
      keepAlive: true,
      ...(ca ? { ca } : {}),
      ...(config.sniName ? { servername: config.sniName } : {}),
    });

  return async (url, init) => {
    const agent = await agentFor();
    return new Promise<Response>((resolve, reject) => {
      const outgoing = request(
        proxiedUrl(config.proxyUrl, url),
        {
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string> | undefined,
          agent,
          signal: init.signal ?? undefined,
          ...(config.sniName ? { servername: config.sniName } : {}),
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const item of [value ?? []].flat()) headers.append(name, item);
            }
            const status = incoming.statusCode ?? 502;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(typeof init.body === 'string' ? init.body : undefined);
    });
  };
}
