// A function that returns a bearer token string, for clients that take one (OpenAI's SDK, plain fetch).

import { CredentialUnavailableError, troubleshooting } from './errors.js';
import type { CachedToken } from './token-cache.js';
import { refreshAfter, TokenCache } from './token-cache.js';
import type { AbortSignalLike, GetTokenOptions, TokenCredential } from './token-credential.js';

/**
 * Options of {@link getBearerTokenProvider}.
 *
 * @example
 * ```ts
 * const shutdown = new AbortController();
 * const getToken = getBearerTokenProvider(credential, scope, { abortSignal: shutdown.signal });
 * process.once('SIGTERM', () => shutdown.abort());
 * ```
 */
export interface GetBearerTokenProviderOptions {
  /** Cancels token requests made by the provider. */
  abortSignal?: AbortSignalLike;
  /** Accepted for compatibility with `@azure/identity`. */
  tracingOptions?: GetTokenOptions['tracingOptions'];
}

/**
 * Returns a function that resolves to a bearer token for the scopes. Tokens are cached and refreshed ahead of
 * expiry by the provider itself, so it stays cheap even over a credential that does not cache.
 *
 * @example
 * ```ts
 * const getToken = getBearerTokenProvider(credential, 'https://cognitiveservices.azure.com/.default');
 * const response = await fetch(url, { headers: { authorization: `Bearer ${await getToken()}` } });
 * ```
 */
export function getBearerTokenProvider(
  credential: TokenCredential,
  scopes: string | string[],
  options: GetBearerTokenProviderOptions = {},
): () => Promise<string> {
  const cache = new TokenCache();
  const acquire = async (): Promise<CachedToken> => {
    const token = await credential.getToken(scopes, { abortSignal: options.abortSignal });
    if (!token) {
      throw new CredentialUnavailableError(
        `The credential returned no token for ${[scopes].flat().join(' ')}. ${troubleshooting('bearer-token-provider')}`,
      );
    }
    return {
      ...token,
      refreshAfterTimestamp:
        token.refreshAfterTimestamp ?? refreshAfter(Date.now(), token.expiresOnTimestamp),
    };
  };
  // A fired signal rejects at once: the credential is not asked.
  const call = { abortSignal: options.abortSignal };
  return async () => (await cache.getToken('token', acquire, call)).token;
}
