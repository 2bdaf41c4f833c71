// Proxy support for Node, whose fetch ignores HTTPS_PROXY (before NODE_USE_ENV_PROXY). Node only, and loaded only
// when a proxy is configured (node-proxy-fetch.ts imports it then), so no edge bundle contains it and a Node app
// without a proxy never loads it. A request that needs a proxy goes through a CONNECT tunnel: node:http to the
// proxy, then node:tls to the real host, whose certificate is checked as fetch would check it.
import type { ProxyOptions } from './credential-options.js';
import type { Environment } from './environment.js';
import { readVariable } from './environment.js';
import { InvalidArgumentError, NetworkError, troubleshooting } from './errors.js';
import type { FetchLike } from './http-transport.js';
import { describeUrl } from './http-transport.js';
import { fetchOverSocket } from './node-socket-fetch.js';
import { isNodeRuntime, proxyAwareFetch } from './proxy-fetch.js';

const ALWAYS_DIRECT = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|169\.254\.169\.254)$/i;

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
  const scheme = url.protocol === 'https:' ? 'HTTPS' : 'HTTP';
  const proxy = readVariable(env, `${scheme}_PROXY`) ?? readVariable(env, `${scheme.toLowerCase()}_proxy`);
  if (!proxy || ALWAYS_DIRECT.test(host)) return undefined;
  const noProxy = readVariable(env, 'NO_PROXY') ?? readVariable(env, 'no_proxy') ?? '';
  const port = url.port || (scheme === 'HTTPS' ? '443' : '80');
  for (const entry of noProxy.toLowerCase().split(/[\s,]+/)) {
    if (entry === '*') return undefined;
    const [entryHost = '', entryPort] = entry.split(/:(?=\d+$)/);
    const bare = entryHost.replace(/^\*?\./, '');
    if (bare && (!entryPort || entryPort === port) && (host === bare || host.endsWith(`.${bare}`))) {
      return undefined;
    }
  }
  return proxy;
}

/**
 * The fetch for requests that may need a proxy, on Node, once one is configured (`nodeProxyAwareFetch` of
 * node-proxy-fetch.ts loads this module then and hands over): a request goes through the proxy `proxyOptions` names
 * (`host` may carry the scheme), else through the one `HTTPS_PROXY`/`HTTP_PROXY` names for its scheme (read at
 * each request, `NO_PROXY` honoured, a bare `host:port` taken as http); loopback and 169.254.169.254 always go
 * direct. When `NODE_USE_ENV_PROXY=1` and this Node's fetch honours it (24 and later, 22.21 and later), the
 * variables are left to the runtime. On Deno and Bun, whose fetch honours the variables, this is the portable
 * `proxyAwareFetch`.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ fetch: tunnellingFetch(process.env, { host: 'proxy.internal', port: 3128 }) });
 * ```
 */
export function tunnellingFetch(env: Environment, proxyOptions?: ProxyOptions): FetchLike {
  if (!isNodeRuntime()) return proxyAwareFetch(env, proxyOptions);
  const runtimeProxies = runtimeHonoursProxyVariables(env, process.versions.node);
  return async (url, init) => {
    const target = new URL(url);
    let proxy: string | undefined;
    if (proxyOptions) {
      const { host, port, username = '', password = '' } = proxyOptions;
      const [, scheme = 'http:', name] = /^(?:([a-z]+:)\/\/)?(.*)$/i.exec(host) as string[];
      const credentials = `${encodeURIComponent(username)}:${encodeURIComponent(password)}@`;
      if (!ALWAYS_DIRECT.test(target.hostname)) proxy = `${scheme}//${credentials}${name}:${port}`;
    } else if (!runtimeProxies) {
      proxy = proxyFor(target, env);
    }
    return proxy ? fetchThroughProxy(proxy, target, init) : globalThis.fetch(url, init);
  };
}

/**
 * Whether Node's own fetch follows `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`: with `NODE_USE_ENV_PROXY=1`, on
 * Node 24 and later and 22.21 and later. Elsewhere the variable does nothing, so proxying stays ours.
 *
 * @example
 * ```ts
 * runtimeHonoursProxyVariables({ NODE_USE_ENV_PROXY: '1' }, '24.1.0'); // true
 * ```
 */
export function runtimeHonoursProxyVariables(env: Environment, nodeVersion: string): boolean {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  return readVariable(env, 'NODE_USE_ENV_PROXY') === '1' && (major > 23 || (major === 22 && minor > 20));
}

/**
 * Sends one request through the proxy at `proxy` (an http or https URL, a bare `host:port` taken as http;
 * credentials sent as Basic `Proxy-Authorization`): a CONNECT tunnel to the target, TLS over it for an https
 * target. A proxy that answers CONNECT with anything but 200 (a 407 for credentials) is a `NetworkError` naming
 * the proxy, never its credentials; one that cannot be reached is an error the transport retries like any
 * network failure.
 *
 * @example
 * ```ts
 * const response = await fetchThroughProxy('http://proxy.internal:3128', new URL(tokenUrl), { method: 'POST', body });
 * ```
 */
export async function fetchThroughProxy(proxy: string, target: URL, init: RequestInit): Promise<Response> {
  const text = /:\/\//.test(proxy) ? proxy : `http://${proxy}`;
  // The value may hold credentials, so a bad one is not quoted.
  if (!URL.canParse(text)) {
    throw new InvalidArgumentError(
      `The proxy (proxyOptions, HTTPS_PROXY or HTTP_PROXY) is not a URL such as http://proxy.example:3128. ${troubleshooting('proxy')}`,
    );
  }
  const proxyUrl = new URL(text);
  const { username, password } = proxyUrl;
  const secure = target.protocol === 'https:';
  const authority = `${target.hostname}:${target.port || (secure ? 443 : 80)}`;
  const [{ request }, { connect }] = await Promise.all([
    proxyUrl.protocol === 'https:' ? import('node:https') : import('node:http'),
    import('node:tls'),
  ]);
  return new Promise<Response>((resolve, reject) => {
    // The credentials go in Proxy-Authorization, not in the Authorization header node:http derives from a URL.
    request(proxyUrl, {
      auth: '',
      method: 'CONNECT',
      path: authority,
      headers: {
        host: authority,
        ...(username && {
          'proxy-authorization': `Basic ${btoa(decodeURIComponent(`${username}:${password}`))}`,
        }),
      },
      signal: init.signal as AbortSignal,
    })
      .on('connect', ({ statusCode, statusMessage }, socket) => {
        if (statusCode !== 200) {
          socket.destroy();
          return reject(
            new NetworkError(
              `${init.method} ${describeUrl(target)} failed: the proxy ${proxyUrl.host} answered CONNECT with ${statusCode} ${statusMessage}${statusCode === 407 ? '; check the proxy username and password' : ''}.`,
            ),
          );
        }
        fetchOverSocket(
          target,
          init,
          secure ? connect({ socket, servername: target.hostname }) : socket,
        ).then(resolve, reject);
      })
      .on('error', (error) => reject(new Error(`the proxy ${proxyUrl.host}: ${error.message}`)))
      .end();
  });
}
