// Proxy support for Node, whose fetch ignores HTTPS_PROXY. This module is the `@identity/core/node-proxy`
// entry: the transport imports it (and it imports undici) only when a proxy is configured, through specifiers
// bundlers leave alone, so no edge bundle contains either. Loopback and the IMDS address always go direct.
import type { Environment } from './environment.js';
import { readVariable } from './environment.js';
import { CredentialUnavailableError, troubleshooting } from './errors.js';

const ALWAYS_DIRECT = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?|169\.254\.169\.254)$/i;

/**
 * The proxy a request to `url` should go through, or `undefined` to go direct: `HTTPS_PROXY`/`HTTP_PROXY`
 * (either case) by scheme, minus the hosts `NO_PROXY` lists (`*`, host names, `.suffix` domains, `host:port`),
 * and never for loopback or 169.254.169.254.
 *
 * @example
 * ```ts
 * proxyFor(new URL('https://login.microsoftonline.com/x'), { HTTPS_PROXY: 'http://proxy:3128' }); // 'http://proxy:3128'
 * ```
 */
export function proxyFor(url: URL, env: Environment): string | undefined {
  const host = url.hostname.toLowerCase();
  if (ALWAYS_DIRECT.test(host)) return undefined;
  const proxy =
    url.protocol === 'https:'
      ? (readVariable(env, 'HTTPS_PROXY') ?? readVariable(env, 'https_proxy'))
      : (readVariable(env, 'HTTP_PROXY') ?? readVariable(env, 'http_proxy'));
  if (!proxy) return undefined;
  const noProxy = readVariable(env, 'NO_PROXY') ?? readVariable(env, 'no_proxy') ?? '';
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return undefined;
    const [entryHost = '', entryPort] = entry.split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) continue;
    const bare = entryHost.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  return proxy;
}

type ProxiedFetch = (url: string, init: RequestInit) => Promise<Response>;
const agents = new Map<string, Promise<ProxiedFetch>>();

/**
 * A fetch that goes through the given proxy with undici's `ProxyAgent`. undici is an optional peer dependency:
 * when it is missing, the error says to install it.
 *
 * @example
 * ```ts
 * const fetchThroughProxy = await proxiedFetch('http://proxy.internal:3128');
 * ```
 */
export function proxiedFetch(proxyUrl: string): Promise<ProxiedFetch> {
  let agent = agents.get(proxyUrl);
  if (!agent) {
    agent = loadUndici().then(({ ProxyAgent, fetch }) => {
      const dispatcher = new ProxyAgent(proxyUrl);
      return (url: string, init: RequestInit) => fetch(url, { ...init, dispatcher });
    });
    agent.catch(() => agents.delete(proxyUrl));
    agents.set(proxyUrl, agent);
  }
  return agent;
}

interface UndiciModule {
  ProxyAgent: new (url: string) => unknown;
  fetch: (url: string, init: RequestInit & { dispatcher: unknown }) => Promise<Response>;
}

async function loadUndici(): Promise<UndiciModule> {
  // A variable specifier: bundlers keep this import as it is instead of pulling undici into every bundle.
  const specifier = 'undici';
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as UndiciModule;
  } catch (cause) {
    throw new CredentialUnavailableError(
      `A proxy is configured (HTTPS_PROXY/HTTP_PROXY) but the optional dependency "undici" is not installed. Run "npm install undici@7", or set NO_PROXY for the token host. ${troubleshooting('proxy')}`,
      { cause },
    );
  }
}

/**
 * The fetch for a request to `url`: through the proxy the environment (or an explicit proxy URL) names, or
 * `undefined` to go direct.
 *
 * @example
 * ```ts
 * const viaProxy = await fetchForUrl(new URL(tokenUrl), process.env);
 * ```
 */
export async function fetchForUrl(
  url: URL,
  env: Environment,
  explicit?: ProxyOptions,
): Promise<ProxiedFetch | undefined> {
  const proxy = explicit && !ALWAYS_DIRECT.test(url.hostname) ? proxyUrlOf(explicit) : proxyFor(url, env);
  return proxy ? proxiedFetch(proxy) : undefined;
}

/**
 * An explicit proxy, in `@azure/identity`'s `proxyOptions` shape.
 *
 * @example
 * ```ts
 * const proxyOptions: ProxyOptions = { host: 'http://proxy.internal', port: 3128 };
 * ```
 */
export interface ProxyOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
}

function proxyUrlOf(proxy: ProxyOptions): string {
  const url = new URL(/^[a-z]+:\/\//i.test(proxy.host) ? proxy.host : `http://${proxy.host}`);
  url.port = String(proxy.port);
  if (proxy.username) url.username = proxy.username;
  if (proxy.password) url.password = proxy.password;
  return url.toString();
}
