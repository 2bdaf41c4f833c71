import type { CredentialPersistenceOptions, TokenCredentialOptions } from '@identity/core';

/**
 * What every on-behalf-of configuration names: the middle-tier app and the user's token it received.
 *
 * @example
 * ```ts
 * const base: OnBehalfOfCredentialBaseOptions = { tenantId, clientId, userAssertionToken: incomingBearerToken };
 * ```
 */
export interface OnBehalfOfCredentialBaseOptions
  extends TokenCredentialOptions,
    CredentialPersistenceOptions {
  /** The directory (tenant) id. */
  tenantId: string;
  /** The application (client) id of the middle-tier API. */
  clientId: string;
  /** The access token the API received from its caller (addressed to this API), without `Bearer `. */
  userAssertionToken: string;
}

/**
 * The middle-tier API proves itself with a client secret.
 *
 * @example
 * ```ts
 * new OnBehalfOfCredential({ tenantId, clientId, clientSecret, userAssertionToken });
 * ```
 */
export interface OnBehalfOfCredentialSecretOptions extends OnBehalfOfCredentialBaseOptions {
  /** The API's client secret (its value, not its id). */
  clientSecret: string;
}

/**
 * The middle-tier API proves itself with a certificate file (PEM or PFX), re-read when it changes. Node only.
 *
 * @example
 * ```ts
 * new OnBehalfOfCredential({ tenantId, clientId, certificatePath: '/secrets/api.pem', userAssertionToken });
 * ```
 */
export interface OnBehalfOfCredentialCertificateOptions extends OnBehalfOfCredentialBaseOptions {
  /** The path of the API's certificate: a PEM file with the private key, or a PFX. Node only. */
  certificatePath: string;
  /** The password of an encrypted key or of a PFX. */
  certificatePassword?: string;
  /** Send the chain as `x5c`. Default: `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN`, else false. */
  sendCertificateChain?: boolean;
}

/**
 * The middle-tier API proves itself with a client assertion from a callback (a federated token, say),
 * called for every token request.
 *
 * @example
 * ```ts
 * new OnBehalfOfCredential({ tenantId, clientId, getAssertion: () => readFile(tokenFile, 'utf8'), userAssertionToken });
 * ```
 */
export interface OnBehalfOfCredentialAssertionOptions extends OnBehalfOfCredentialBaseOptions {
  /** Returns a client assertion (a signed JWT) proving the API's identity; called for each token request. */
  getAssertion: () => string | Promise<string>;
}

/**
 * The options of the `OnBehalfOfCredential`: exactly one of `clientSecret`, `certificatePath` and
 * `getAssertion`, as in `@azure/identity`.
 *
 * @example
 * ```ts
 * const options: OnBehalfOfCredentialOptions = { tenantId, clientId, clientSecret, userAssertionToken };
 * ```
 */
export type OnBehalfOfCredentialOptions =
  | OnBehalfOfCredentialSecretOptions
  | OnBehalfOfCredentialCertificateOptions
  | OnBehalfOfCredentialAssertionOptions;
