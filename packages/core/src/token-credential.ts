// The credential contract, declared structurally so that it is interchangeable with `@azure/core-auth`'s types
// without depending on that package at run time (a type test proves the two stay compatible).

/**
 * The subset of `AbortSignal` a credential needs. A real `AbortSignal` and `@azure/abort-controller`'s
 * `AbortSignalLike` both fit.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * await credential.getToken('https://vault.azure.net/.default', { abortSignal: controller.signal });
 * ```
 */
export interface AbortSignalLike {
  /** Whether the signal has fired. */
  readonly aborted: boolean;
  /** Why it fired (the value passed to `abort()`), if it has. */
  readonly reason?: unknown;
  /** Registers a listener for `abort`. */
  // biome-ignore lint/suspicious/noExplicitAny: the listener shape must accept every signal implementation.
  addEventListener(type: 'abort', listener: (this: AbortSignalLike, ev: any) => any, options?: any): void;
  /** Removes a listener registered with `addEventListener`. */
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  removeEventListener(type: 'abort', listener: (this: AbortSignalLike, ev: any) => any, options?: any): void;
}

/**
 * A tracing context, as `@azure/core-tracing` defines it; accepted and passed along, never read.
 *
 * @example
 * ```ts
 * await credential.getToken(scope, { tracingOptions: { tracingContext: span.context } });
 * ```
 */
export interface TracingContext {
  /** The value stored under `key`. */
  getValue(key: symbol): unknown;
  /** A new context with `key` set to `value`. */
  setValue(key: symbol, value: unknown): TracingContext;
  /** A new context without `key`. */
  deleteValue(key: symbol): TracingContext;
}

/**
 * An access token and when it expires, as `@azure/core-auth` defines it.
 *
 * @example
 * ```ts
 * const { token, expiresOnTimestamp } = await credential.getToken('https://storage.azure.com/.default');
 * fetch(url, { headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export interface AccessToken {
  /** The token, to send as `Authorization: Bearer <token>`. Never log it. */
  token: string;
  /** When the token expires, in milliseconds since the epoch. */
  expiresOnTimestamp: number;
  /** When the credential will try to refresh the token ahead of expiry, in milliseconds since the epoch. */
  refreshAfterTimestamp?: number;
  /** `Bearer` for every credential here. */
  tokenType?: 'Bearer' | 'pop';
}

/**
 * Options for one `getToken` call, as `@azure/core-auth` defines them.
 *
 * @example
 * ```ts
 * await credential.getToken(scope, { tenantId: otherTenant, enableCae: true, requestOptions: { timeout: 5000 } });
 * ```
 */
export interface GetTokenOptions {
  /** Cancels the call; the caller's promise rejects with an `AbortError` at once. */
  abortSignal?: AbortSignalLike;
  /** `timeout` bounds this call, in milliseconds. */
  requestOptions?: {
    /** The bound on the whole call, in milliseconds; `Infinity` (or 1e9 and more) is no bound. */
    timeout?: number;
  };
  /** Accepted for compatibility; tracing is not implemented here. */
  tracingOptions?: {
    /** The caller's tracing context; passed along, never read. */
    tracingContext?: TracingContext;
  };
  /** A claims challenge (JSON) from a resource's `WWW-Authenticate` header. Forces a fresh token. */
  claims?: string;
  /** Asks for a Continuous Access Evaluation token (adds the `cp1` client capability). */
  enableCae?: boolean;
  /** Asks for a token from another tenant; see `additionallyAllowedTenants`. */
  tenantId?: string;
  /** Accepted for compatibility; proof-of-possession tokens are not issued by these credentials. */
  proofOfPossessionOptions?: {
    /** The nonce the resource sent. */
    nonce: string;
    /** The method of the request the token is for. */
    resourceRequestMethod: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS' | 'TRACE';
    /** The URL of the request the token is for. */
    resourceRequestUrl: string;
  };
}

/**
 * Anything that can get an access token: every credential of this project, and every `@azure/core-auth`
 * `TokenCredential`.
 *
 * @example
 * ```ts
 * async function callVault(credential: TokenCredential) {
 *   const token = await credential.getToken('https://vault.azure.net/.default');
 * }
 * ```
 */
export interface TokenCredential {
  /**
   * Gets an access token for the scopes (one resource's `/.default`, say), from the cache when it holds a valid
   * one; throws a `CredentialUnavailableError` when the credential cannot work here, an `AuthenticationError` when
   * Entra ID refuses.
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}

/**
 * Tells whether a value is a `TokenCredential` (an object with a `getToken` function taking up to two arguments).
 *
 * @example
 * ```ts
 * if (!isTokenCredential(value)) throw new TypeError('expected a credential');
 * ```
 */
export function isTokenCredential(value: unknown): value is TokenCredential {
  if (typeof value !== 'object' || value === null) return false;
  const getToken = (value as { getToken?: unknown }).getToken;
  return typeof getToken === 'function' && getToken.length <= 2;
}
