// The loopback redirect URI of a Node sign-in, read and checked on its own (URL only, nothing of Node), so the
// credential refuses a bad `redirectUri` when it is created, before the server that uses it is loaded.
import { InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { INTERACTIVE_BROWSER_ANCHOR } from './interactive-browser-errors.js';

/**
 * Where a loopback server listens, from its redirect URI.
 *
 * @example
 * ```ts
 * const { host, port, path }: LoopbackEndpoint = parseLoopbackRedirectUri(name, 'http://localhost:8400/callback');
 * ```
 */
export interface LoopbackEndpoint {
  /** The host named in the redirect URI. */
  host: 'localhost' | '127.0.0.1';
  /** 0 for any free port. */
  port: number;
  path: string;
  /** The redirect URI with the port listened on, written as it was given. */
  uri: (port: number) => string;
}

/**
 * Reads a loopback redirect URI: `http://localhost` (the default) or `http://127.0.0.1`, with an optional port and
 * path and nothing else. Throws an `InvalidArgumentError` for anything else.
 *
 * @example
 * ```ts
 * parseLoopbackRedirectUri('InteractiveBrowserCredential', undefined).uri(53123); // 'http://localhost:53123'
 * ```
 */
export function parseLoopbackRedirectUri(
  credentialName: string,
  redirectUri: string | undefined,
): LoopbackEndpoint {
  const given = redirectUri ?? 'http://localhost';
  const url = typeof given === 'string' && URL.canParse(given) ? new URL(given) : undefined;
  const host = url?.hostname.toLowerCase();
  const loopbackOnly =
    url?.protocol === 'http:' &&
    (host === 'localhost' || host === '127.0.0.1') &&
    !url.username &&
    !url.password &&
    !url.search &&
    !url.hash;
  if (!url || !loopbackOnly) {
    throw new InvalidArgumentError(
      `${credentialName}: redirectUri must be http://localhost or http://127.0.0.1, with an optional port and path and nothing else ([::1] is not supported by Entra ID). ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
    );
  }
  // Written back as given (a path-less URI stays path-less, as registered), with the port listened on.
  const written = url.pathname === '/' && !given.endsWith('/') ? '' : url.pathname;
  // A URL leaves out the scheme's default port (`new URL('http://localhost:80').port` is ''), so a port written in
  // the authority (its only colon: user info is refused) with none read can only be 80. None written: any free one.
  const written80 = /^[^:]*:[/\\]*[^/\\]*:\d/.test(given);
  return {
    host,
    port: url.port ? Number(url.port) : written80 ? 80 : 0,
    path: url.pathname,
    uri: (port) => `http://${host}:${port}${written}`,
  };
}
