// The error family every credential throws. Names match `@azure/identity` so code that switches on `name` keeps
// working; each error also carries a machine-readable `code`, and is recognised across duplicate installs of
// this package through a `Symbol.for` marker (both `instanceof` and the static `isInstance` use it).
import { emitDiagnostic } from './diagnostics.js';
import { redactSecrets } from './redaction.js';

/**
 * Every `code` an error of this package can carry. A `switch` on `error.code` is the stable way to branch.
 *
 * @example
 * ```ts
 * if (isIdentityError(error) && error.code === 'CREDENTIAL_UNAVAILABLE') useAnotherCredential();
 * ```
 */
export type IdentityErrorCode =
  | 'CREDENTIAL_UNAVAILABLE'
  | 'AUTHENTICATION_FAILED'
  | 'AUTHENTICATION_REQUIRED'
  | 'AGGREGATE_AUTHENTICATION_FAILED'
  | 'INVALID_ARGUMENT'
  | 'NETWORK_ERROR'
  | 'REQUEST_TIMEOUT'
  | 'INVALID_RESPONSE'
  | 'ABORTED';

/** Where the troubleshooting guide lives: it ships inside `@identity/core`, so it is there offline too. */
export const TROUBLESHOOTING_GUIDE = '@identity/core/TROUBLESHOOTING.md';

/**
 * Builds the last sentence of an error message: the guide's anchor for this kind of failure.
 *
 * @example
 * ```ts
 * troubleshooting('client-secret'); // 'Troubleshooting: @identity/core/TROUBLESHOOTING.md#client-secret'
 * ```
 */
export function troubleshooting(anchor: string): string {
  return `Troubleshooting: ${TROUBLESHOOTING_GUIDE}#${anchor}`;
}

// Markers are registered symbols, so two installed copies of this package agree on them. They are set on each
// instance by the base constructor (not on prototypes), so an unused error class costs nothing in a bundle.
const marker = (name: string): symbol => Symbol.for(`@identity/core:${name}`);

function isMarked(value: unknown, key: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[key] === true;
}

/** Options every error of this package takes. */
export interface IdentityErrorOptions {
  /** The error this one wraps. */
  cause?: unknown;
}

/**
 * The base of every error of this package.
 *
 * @example
 * ```ts
 * try { await credential.getToken(scope); } catch (e) { if (isIdentityError(e)) console.error(e.code); }
 * ```
 */
export abstract class IdentityError extends Error {
  abstract readonly code: IdentityErrorCode;

  override get name(): string {
    return 'IdentityError';
  }

  constructor(message: string, options?: IdentityErrorOptions) {
    super(redactSecrets(message), options?.cause === undefined ? undefined : { cause: options.cause });
    // Mark the instance with the name of its class and of every ancestor up to this one.
    for (let proto = Object.getPrototypeOf(this); proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
      Object.defineProperty(this, marker(proto.name), { value: true });
    }
    emitDiagnostic('error', this.message);
  }

  /** Recognises an error of this class (or a subclass), even from another installed copy of this package. */
  static isInstance<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    return isMarked(value, marker((this.prototype as Error).name));
  }

  /** Makes `instanceof` agree with `isInstance`. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isMarked(value, marker((this.prototype as Error).name));
  }
}

/**
 * Tells whether a value is an error of this package, even one thrown by another installed copy of it.
 *
 * @example
 * ```ts
 * catch (e) { if (isIdentityError(e)) log(e.code); else throw e; }
 * ```
 */
export function isIdentityError(value: unknown): value is IdentityError {
  return isMarked(value, marker('IdentityError'));
}


/**
 * The credential cannot be used here (not configured, tool not installed, no managed identity endpoint...).
 * A chain moves on to its next credential only on this error.
 *
 * @example
 * ```ts
 * throw new CredentialUnavailableError('AzureCliCredential: Azure CLI is not installed. Install it, then run az login.');
 * ```
 */
export class CredentialUnavailableError extends IdentityError {
  override get name(): string {
    return 'CredentialUnavailableError';
  }

  readonly code: IdentityErrorCode = 'CREDENTIAL_UNAVAILABLE';
}

/** The OAuth error details Entra ID returns, in `@azure/identity`'s camel-case shape. */
export interface ErrorResponse {
  /** The OAuth error, such as `invalid_client`. */
  error: string;
  /** Entra's description, starting with the AADSTS code. */
  errorDescription: string;
  /** Entra's numeric error codes, such as `[7000215]`. */
  errorCodes?: number[];
  timestamp?: string;
  traceId?: string;
  correlationId?: string;
}

function authenticationMessage(statusCode: number, response: ErrorResponse, options: AuthenticationErrorOptions): string {
  const who = options.credentialName ? `${options.credentialName}: ` : '';
  const status = statusCode ? ` (HTTP ${statusCode})` : '';
  // Entra puts trace and correlation ids on extra lines; keep the first line and add the ids once.
  const description = response.errorDescription.split(/\r?\n/)[0]?.trim() ?? '';
  const ids = [
    response.traceId && `trace id ${response.traceId}`,
    response.correlationId && `correlation id ${response.correlationId}`,
  ].filter(Boolean);
  return [
    `${who}authentication failed${status}: ${response.error}${description ? ` - ${description}` : ''}.`,
    ids.length ? `(${ids.join(', ')})` : '',
    options.nextStep ?? '',
    troubleshooting(options.anchor ?? 'authentication-failed'),
  ]
    .filter(Boolean)
    .join(' ');
}

/** Extra context for an {@link AuthenticationError}. */
export interface AuthenticationErrorOptions extends IdentityErrorOptions {
  /** The credential that failed, named first in the message. */
  credentialName?: string;
  /** What the user should do next; a sentence. */
  nextStep?: string;
  /** The troubleshooting anchor. */
  anchor?: string;
  /** Overrides the default `AUTHENTICATION_FAILED` code for transport failures. */
  code?: 'AUTHENTICATION_FAILED' | 'NETWORK_ERROR' | 'REQUEST_TIMEOUT' | 'INVALID_RESPONSE';
}

function parseErrorBody(statusCode: number, errorBody: unknown): ErrorResponse {
  if (typeof errorBody === 'object' && errorBody !== null) {
    const body = errorBody as Record<string, unknown>;
    const nested = typeof body.error === 'object' && body.error !== null ? (body.error as Record<string, unknown>) : {};
    const error = typeof body.error === 'string' ? body.error : String(nested.code ?? 'unknown_error');
    const description = body.error_description ?? body.errorDescription ?? nested.message ?? body.message ?? '';
    const codes = body.error_codes ?? body.errorCodes;
    return {
      error,
      errorDescription: String(description),
      errorCodes: Array.isArray(codes) ? codes.filter((c): c is number => typeof c === 'number') : undefined,
      timestamp: optionalString(body.timestamp),
      traceId: optionalString(body.trace_id ?? body.traceId),
      correlationId: optionalString(body.correlation_id ?? body.correlationId),
    };
  }
  const text = typeof errorBody === 'string' ? errorBody.slice(0, 500) : '';
  return statusCode === 400
    ? { error: 'invalid_request', errorDescription: `The service said the request was invalid. ${text}`.trim() }
    : { error: 'unknown_error', errorDescription: text || 'The service returned no error details.' };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Entra ID (or a token service) refused the request, or could not be reached after retries. A chain stops
 * here: the credential is configured, and trying another identity would hide the problem.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (AuthenticationError.isInstance(e)) console.error(e.statusCode, e.errorResponse.errorCodes);
 * }
 * ```
 */
export class AuthenticationError extends IdentityError {
  override get name(): string {
    return 'AuthenticationError';
  }

  readonly code: IdentityErrorCode;
  /** The HTTP status, or 0 when no response arrived. */
  readonly statusCode: number;
  /** Entra's error details. */
  readonly errorResponse: ErrorResponse;
  /** The credential that failed, when known. */
  readonly credentialName: string | undefined;
  /** The raw response body (non-enumerable, so it stays out of logs that serialise the error). */
  declare readonly rawBody: unknown;

  constructor(statusCode: number, errorBody: unknown, options: AuthenticationErrorOptions = {}) {
    const errorResponse = parseErrorBody(statusCode, errorBody);
    super(authenticationMessage(statusCode, errorResponse, options), options);
    this.code = options.code ?? 'AUTHENTICATION_FAILED';
    this.statusCode = statusCode;
    this.errorResponse = {
      ...errorResponse,
      errorDescription: redactSecrets(errorResponse.errorDescription),
    };
    this.credentialName = options.credentialName;
    Object.defineProperty(this, 'rawBody', { value: errorBody, enumerable: false });
  }

}

/** What {@link AuthenticationRequiredError} takes, as in `@azure/identity`. */
export interface AuthenticationRequiredErrorOptions extends IdentityErrorOptions {
  scopes: string[];
  getTokenOptions?: unknown;
  message?: string;
}

/**
 * A user must sign in interactively (call `authenticate()`), because silent authentication was not possible.
 * A chain moves on past this error, like past an unavailable credential.
 *
 * @example
 * ```ts
 * throw new AuthenticationRequiredError({ scopes: ['https://graph.microsoft.com/.default'] });
 * ```
 */
export class AuthenticationRequiredError extends IdentityError {
  override get name(): string {
    return 'AuthenticationRequiredError';
  }

  readonly code: IdentityErrorCode = 'AUTHENTICATION_REQUIRED';
  /** The scopes that need an interactive sign-in. */
  readonly scopes: string[];
  /** The options of the `getToken` call that needed it. */
  readonly getTokenOptions: unknown;

  constructor(options: AuthenticationRequiredErrorOptions) {
    super(
      options.message ??
        `Interactive sign-in is required for ${options.scopes.join(' ')}. Call authenticate() first. ${troubleshooting('authentication-required')}`,
      options,
    );
    this.scopes = options.scopes;
    this.getTokenOptions = options.getTokenOptions;
  }
}

/**
 * Every credential of a chain was unavailable; `errors` holds each attempt's error, in chain order.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (AggregateAuthenticationError.isInstance(e)) for (const attempt of e.errors) console.error(attempt.message);
 * }
 * ```
 */
export class AggregateAuthenticationError extends IdentityError {
  override get name(): string {
    return 'AggregateAuthenticationError';
  }

  readonly code: IdentityErrorCode = 'AGGREGATE_AUTHENTICATION_FAILED';
  /** Each attempt's error, in the order the credentials were tried. */
  readonly errors: unknown[];

  constructor(errors: unknown[], message = 'No credential in the chain could get a token.') {
    const lines = errors.map((e) => `  - ${e instanceof Error ? e.message : String(e)}`);
    super([message, ...lines].join('\n'));
    this.errors = errors;
  }
}

/**
 * An argument or option is invalid (a malformed tenant id, an empty client id, a non-https authority...).
 * Thrown before anything is sent.
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError('ClientSecretCredential: clientId is empty. Pass the application (client) id.');
 * ```
 */
export class InvalidArgumentError extends IdentityError {
  override get name(): string {
    return 'InvalidArgumentError';
  }

  readonly code: IdentityErrorCode = 'INVALID_ARGUMENT';
}

/**
 * A request could not complete: the network failed, or it timed out. Credentials turn this into an
 * {@link AuthenticationError} or, where the service may simply not exist, a {@link CredentialUnavailableError}.
 *
 * @example
 * ```ts
 * catch (e) { if (NetworkError.isInstance(e) && e.code === 'REQUEST_TIMEOUT') retryLater(); }
 * ```
 */
export class NetworkError extends IdentityError {
  override get name(): string {
    return 'NetworkError';
  }

  readonly code: 'NETWORK_ERROR' | 'REQUEST_TIMEOUT';

  constructor(message: string, options: IdentityErrorOptions & { code?: 'NETWORK_ERROR' | 'REQUEST_TIMEOUT' } = {}) {
    super(message, options);
    this.code = options.code ?? 'NETWORK_ERROR';
  }
}

/**
 * The caller aborted the call (its `abortSignal` fired). Named `AbortError`, as `@azure/identity` names it.
 *
 * @example
 * ```ts
 * catch (e) { if (AbortError.isInstance(e)) return; }
 * ```
 */
export class AbortError extends IdentityError {
  override get name(): string {
    return 'AbortError';
  }

  readonly code: IdentityErrorCode = 'ABORTED';

  constructor(message = 'The operation was aborted by the caller.', options?: IdentityErrorOptions) {
    super(message, options);
  }
}

/**
 * Tells whether a chain should move past this error: an unavailable credential, or one that needs an
 * interactive sign-in. Errors of `@azure/identity` are recognised by their `name`.
 *
 * @example
 * ```ts
 * if (!isUnavailable(error)) throw error; // configured but failing: stop here
 * ```
 */
export function isUnavailable(error: unknown): boolean {
  if (CredentialUnavailableError.isInstance(error) || AuthenticationRequiredError.isInstance(error)) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'CredentialUnavailableError' || name === 'AuthenticationRequiredError';
}
