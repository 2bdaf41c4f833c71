// The error family every credential throws. Names match `@azure/identity` so code that switches on `name` keeps
// working; each error also carries a machine-readable `code`, and is recognised across duplicate installs of
// this package through a `Symbol.for` marker: use the static `isInstance` (or `isUnavailable`) rather than
// `instanceof`, which only sees errors of the same installed copy.
import { diagnosticsHook } from './diagnostics.js';
import { redactSecrets } from './redaction.js';
import type { GetTokenOptions } from './token-credential.js';

/**
 * The codes of an {@link AuthenticationError}: refused (`AUTHENTICATION_FAILED`), no answer after the retries
 * (`AUTHENTICATION_NETWORK_ERROR`, `AUTHENTICATION_REQUEST_TIMEOUT`), or an answer that is not a token
 * (`INVALID_RESPONSE`).
 *
 * @example
 * ```ts
 * const retryLater = (code: AuthenticationErrorCode) => code === 'AUTHENTICATION_REQUEST_TIMEOUT';
 * ```
 */
export type AuthenticationErrorCode =
  | 'AUTHENTICATION_FAILED'
  | 'AUTHENTICATION_NETWORK_ERROR'
  | 'AUTHENTICATION_REQUEST_TIMEOUT'
  | 'INVALID_RESPONSE';

/**
 * Every `code` an error of this package can carry; each belongs to exactly one class (see
 * {@link AnyIdentityError}), so a `switch` on `error.code` is the stable way to branch, and narrows.
 *
 * @example
 * ```ts
 * if (isIdentityError(error) && error.code === 'CREDENTIAL_UNAVAILABLE') useAnotherCredential();
 * ```
 */
export type IdentityErrorCode =
  | 'CREDENTIAL_UNAVAILABLE'
  | AuthenticationErrorCode
  | 'AUTHENTICATION_REQUIRED'
  | 'AGGREGATE_AUTHENTICATION_FAILED'
  | 'INVALID_ARGUMENT'
  | 'NETWORK_ERROR'
  | 'REQUEST_TIMEOUT'
  | 'ABORTED';

/**
 * Where the troubleshooting guide lives: it ships inside `@identity/core`, so it is there offline too.
 *
 * @example
 * ```ts
 * troubleshooting('tenant-id').endsWith(`${TROUBLESHOOTING_GUIDE}#tenant-id`); // true
 * ```
 */
export const TROUBLESHOOTING_GUIDE = '@identity/core/TROUBLESHOOTING.md';

/**
 * Builds the last sentence of an error message: the guide's anchor for this kind of failure.
 *
 * @example
 * ```ts
 * troubleshooting('client-secret-credential'); // 'Troubleshooting: @identity/core/TROUBLESHOOTING.md#client-secret-credential'
 * ```
 */
export function troubleshooting(anchor: string): string {
  // The guide's path written out, not interpolated from TROUBLESHOOTING_GUIDE: every bundle then carries one
  // string instead of a constant and a template around it. errors.test.ts keeps the two equal.
  return `Troubleshooting: @identity/core/TROUBLESHOOTING.md#${anchor}`;
}

/**
 * Splits a message into its text and the anchor its troubleshooting pointer names (if it has one), so an error
 * that wraps another can repeat the inner text and still end with one pointer.
 *
 * @example
 * ```ts
 * splitTroubleshooting(`tenantId is missing. ${troubleshooting('tenant-id')}`); // ['tenantId is missing.', 'tenant-id']
 * ```
 */
export function splitTroubleshooting(message: string): [text: string, anchor: string | undefined] {
  const [, text = message, anchor] = /^([\s\S]*?)(?: Troubleshooting: \S+#([\w-]+))?$/.exec(message) ?? [];
  return [text, anchor];
}

// A registered symbol, so that every installed copy of this package recognises the errors of the others.
const MARKER = /* @__PURE__ */ Symbol.for('@identity/core:error');

/**
 * Options every error of this package takes.
 *
 * @example
 * ```ts
 * throw new CredentialUnavailableError('MyCredential: the token file cannot be read.', { cause: error, secrets: [apiKey] });
 * ```
 */
export interface IdentityErrorOptions {
  /** The error this one wraps. */
  cause?: unknown;
  /**
   * Values the error must never show (a client secret, a password, an endpoint's header...): removed from its
   * message, and from an `AuthenticationError`'s `errorResponse` and `rawBody`. They are not kept. (A cause is
   * left as it is: `HttpClient` drops a `fetch` error that quotes a request's secret instead of wrapping it.)
   */
  secrets?: readonly (string | undefined)[];
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
  /** What went wrong, for code: stable across releases, unlike the message. */
  declare readonly code: IdentityErrorCode;

  /** The marker every installed copy of this package recognises (see {@link isIdentityError}). */
  get [MARKER](): true {
    return true;
  }

  /**
   * Makes the error; secrets named in `options.secrets` are redacted from the message.
   *
   * @param code - the subclass's code, passed up so that no subclass needs a field initialiser for it
   */
  constructor(message = '', options?: IdentityErrorOptions, code?: IdentityErrorCode) {
    // Error reads only `cause` from the options.
    super(redactSecrets(message, options?.secrets), options);
    if (code) this.code = code;
    diagnosticsHook()?.('error', this.message);
  }

  /**
   * Recognises an error of this class, even one from another installed copy of this package: it carries the
   * package's marker and this class's `name` (any name, called on `IdentityError` itself).
   */
  static isInstance<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    // `this` is the class isInstance was called on, so each subclass checks its own name.
    return (
      isIdentityError(value) &&
      // biome-ignore lint/complexity/noThisInStatic: polymorphic on purpose.
      ((this as unknown) === IdentityError || value.name === (this.prototype as Error).name)
    );
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
export function isIdentityError(value: unknown): value is AnyIdentityError {
  return (value as Record<symbol, unknown> | null)?.[MARKER] === true;
}

/**
 * The `name` of {@link CredentialUnavailableError}, as `@azure/identity` exports it.
 *
 * @example
 * ```ts
 * if ((error as Error).name === CredentialUnavailableErrorName) tryAnother();
 * ```
 */
export const CredentialUnavailableErrorName = 'CredentialUnavailableError';

/**
 * The `name` of {@link AuthenticationError}, as `@azure/identity` exports it.
 *
 * @example
 * ```ts
 * if ((error as Error).name === AuthenticationErrorName) report(error);
 * ```
 */
export const AuthenticationErrorName = 'AuthenticationError';

/**
 * The `name` of {@link AggregateAuthenticationError}, as `@azure/identity` exports it.
 *
 * @example
 * ```ts
 * if ((error as Error).name === AggregateAuthenticationErrorName) listAttempts(error);
 * ```
 */
export const AggregateAuthenticationErrorName = 'AggregateAuthenticationError';

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
  /** Always `'CREDENTIAL_UNAVAILABLE'`. */
  declare readonly code: 'CREDENTIAL_UNAVAILABLE';

  /** `'CredentialUnavailableError'`, as `@azure/identity` names it (a getter, so minifiers cannot change it). */
  override get name(): string {
    return 'CredentialUnavailableError';
  }

  /** Makes the error; the message (optional) says why the credential cannot work here and what to do. */
  constructor(message?: string, options?: IdentityErrorOptions) {
    super(message, options, 'CREDENTIAL_UNAVAILABLE');
  }
}

/**
 * The OAuth error details Entra ID returns, in `@azure/identity`'s camel-case shape.
 *
 * @example
 * ```ts
 * const response: ErrorResponse = error.errorResponse; // error: an AuthenticationError
 * if (response.errorCodes?.includes(7000215)) console.error("Send the client secret's value, not its id.");
 * ```
 */
export interface ErrorResponse {
  /** The OAuth error, such as `invalid_client`. */
  error: string;
  /** Entra's description, starting with the AADSTS code. */
  errorDescription: string;
  /** Entra's numeric error codes, such as `[7000215]`. */
  errorCodes?: number[];
  /** When Entra ID answered, as it wrote it. */
  timestamp?: string;
  /** Entra's trace id for the request: give it to Microsoft support. */
  traceId?: string;
  /** The request's correlation id: give it to Microsoft support. */
  correlationId?: string;
}

/**
 * Extra context for an {@link AuthenticationError}.
 *
 * @example
 * ```ts
 * throw new AuthenticationError(response.status, JSON.parse(response.body), {
 *   credentialName: 'MyCredential',
 *   nextStep: 'Check the client id and secret.',
 *   secrets: [clientSecret],
 * });
 * ```
 */
export interface AuthenticationErrorOptions extends IdentityErrorOptions {
  /** The credential that failed, named first in the message. */
  credentialName?: string;
  /** What the user should do next; a sentence. */
  nextStep?: string;
  /** The troubleshooting anchor. */
  anchor?: string;
  /** Overrides the default `AUTHENTICATION_FAILED` code for transport failures and invalid answers. */
  code?: AuthenticationErrorCode;
  /**
   * The request's own id (the `client-request-id` it sent), shown as the correlation id when the body has
   * none: Entra logs the request under it.
   */
  correlationId?: string;
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
  /** Entra's answer in one word: `'INVALID_CLIENT'`, `'INVALID_GRANT'`, ... (see {@link AuthenticationErrorCode}). */
  declare readonly code: AuthenticationErrorCode;

  /** `'AuthenticationError'`, as `@azure/identity` names it (a getter, so minifiers cannot change it). */
  override get name(): string {
    return 'AuthenticationError';
  }

  /** The HTTP status, or 0 when no response arrived. */
  readonly statusCode: number;
  /** Entra's error details, redacted. */
  readonly errorResponse: ErrorResponse;
  /** The credential that failed, when known. */
  readonly credentialName: string | undefined;
  /**
   * The body as received (JSON text for an object), redacted; non-enumerable, so it stays out of logs that
   * serialise the error.
   */
  declare readonly rawBody: string;

  /**
   * Makes the error from the HTTP status and Entra's error body (parsed JSON or text); secrets in `options.secrets`
   * are redacted.
   */
  constructor(statusCode: number, errorBody: unknown, options: AuthenticationErrorOptions = {}) {
    const { secrets } = options;
    // Entra's error body; a body that is not JSON keeps its text as the description.
    const body = (typeof errorBody === 'object' && errorBody) || {};
    const {
      error: given,
      error_description,
      error_codes: errorCodes,
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId = options.correlationId,
    } = body as Record<string, never>;
    const error: string = given ?? (statusCode === 400 ? 'invalid_request' : 'unknown_error');
    // Redacted before it is cut (500 characters of a body that is not JSON, the first line below), so that no cut
    // leaves part of a secret behind.
    const described = redactSecrets(
      String((body === errorBody ? error_description : errorBody) ?? ''),
      secrets,
    );
    const errorDescription = body === errorBody ? described : described.slice(0, 500);
    // Entra puts trace and correlation ids on extra lines of the description; keep its first line only (at most
    // 1,000 characters: an endpoint's megabyte stays out of log lines), without its final period.
    const description = errorDescription.split('\n')[0]?.slice(0, 1e3).trim().replace(/\.+$/, '');
    // Who failed and why, the ids support asks for, the next step, and where to read more. What the endpoint sent
    // (error, description, ids) may hold control characters (ESC sequences, CR, BEL, C1): each becomes a space, so
    // nothing it sent can drive the terminal or forge a log line.
    super(
      [
        `${options.credentialName ?? 'Authentication'} failed${statusCode ? ` (HTTP ${statusCode})` : ''}: ${error}${description ? ` - ${description}` : ''}.`,
        correlationId && `Correlation id ${correlationId}${traceId ? `, trace id ${traceId}` : ''}.`,
        options.nextStep,
        troubleshooting(options.anchor ?? 'authentication-failed'),
      ]
        .filter(Boolean)
        .join(' ')
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced.
        .replace(/[\0-\x1f\x7f-\x9f]/g, ' '),
      options,
      options.code ?? 'AUTHENTICATION_FAILED',
    );
    this.statusCode = statusCode;
    // The message was built from the body as received (and redacted whole); what is kept is redacted too, every
    // string in it: an endpoint may echo what it received anywhere (an identity header in `error`, an access token
    // in a correlation header, a value in `error_codes`).
    this.errorResponse = JSON.parse(
      JSON.stringify({ error, errorDescription, errorCodes, timestamp, traceId, correlationId }),
      (_, value) => (typeof value === 'string' ? redactSecrets(value, secrets) : value),
    );
    this.credentialName = options.credentialName;
    // defineProperty's defaults: not enumerable, so logs that serialise the error leave it out.
    Object.defineProperty(this, 'rawBody', {
      value: redactSecrets(
        typeof errorBody === 'string' ? errorBody : (JSON.stringify(errorBody) ?? ''),
        secrets,
      ),
    });
  }
}

/**
 * The clause that names why Entra ID refused a refresh token, from the refusal (an {@link AuthenticationError}):
 * its OAuth error and the code its description starts with (`AADSTS50173`, ADFS's `MSIS9615`), never more (not the
 * description, never a token); empty for any other error. Short on purpose: every user credential's bundle has it.
 *
 * @example
 * ```ts
 * refusal(error); // ' Refresh token refused: invalid_grant AADSTS50173.'
 * ```
 */
export function refusal(error: unknown): string {
  const refused = (error as AuthenticationError | undefined)?.errorResponse;
  return refused ? ` Refresh token refused: ${refused.error} ${refused.errorDescription.split(':')[0]}.` : '';
}

/**
 * Tells whether Entra ID refused a user flow for want of an interactive sign-in: `error` `interaction_required`,
 * `consent_required` or `login_required`, or a `suberror` such as `basic_action` (MFA). Any other refusal (a wrong
 * password) is a fault to fix, not a sign-in to ask for.
 *
 * @example
 * ```ts
 * if (needsInteraction(error)) throw new AuthenticationRequiredError({ scopes, getTokenOptions, cause: error });
 * ```
 */
export function needsInteraction(error: unknown): error is AuthenticationError {
  return (
    AuthenticationError.isInstance(error) &&
    /"(sub)?error":"((interaction|consent|login)_required|basic_action|additional_action|message_only|user_password_expired)"/.test(
      error.rawBody,
    )
  );
}

/**
 * What {@link AuthenticationRequiredError} takes, as in `@azure/identity`.
 *
 * @example
 * ```ts
 * const options: AuthenticationRequiredErrorOptions = { scopes, getTokenOptions, cause: refreshError };
 * throw new AuthenticationRequiredError(options);
 * ```
 */
export interface AuthenticationRequiredErrorOptions extends IdentityErrorOptions {
  /** The scopes that need an interactive sign-in. */
  scopes: string[];
  /** The options of the `getToken` call that needed it. */
  getTokenOptions?: GetTokenOptions;
  /** Replaces the default message. */
  message?: string;
  /**
   * The error that made the sign-in necessary: the `AuthenticationError` of a refused refresh token, whose OAuth
   * error and AADSTS code the default message names.
   */
  cause?: unknown;
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
  /** Always `'AUTHENTICATION_REQUIRED'`. */
  declare readonly code: 'AUTHENTICATION_REQUIRED';

  /** `'AuthenticationRequiredError'`, as `@azure/identity` names it (a getter, so minifiers cannot change it). */
  override get name(): string {
    return 'AuthenticationRequiredError';
  }

  /** The scopes that need an interactive sign-in. */
  readonly scopes: string[];
  /** The options of the `getToken` call that needed it. */
  readonly getTokenOptions: GetTokenOptions | undefined;
  /** The call's claims challenge (`getTokenOptions.claims`), if any: pass it on, `authenticate(scopes, { claims })`. */
  readonly claims: string | undefined;

  /** Makes the error for the scopes (and the `getToken` options) that need an interactive sign-in. */
  constructor(options: AuthenticationRequiredErrorOptions) {
    super(
      options.message ??
        `Interactive sign-in is required for ${options.scopes.join(' ')}.${refusal(options.cause)} Call authenticate() first. ${troubleshooting('authentication-required')}`,
      options,
      'AUTHENTICATION_REQUIRED',
    );
    this.scopes = options.scopes;
    this.getTokenOptions = options.getTokenOptions;
    this.claims = options.getTokenOptions?.claims;
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
  /** Always `'AGGREGATE_AUTHENTICATION_FAILED'`. */
  declare readonly code: 'AGGREGATE_AUTHENTICATION_FAILED';

  /** `'AggregateAuthenticationError'`, as `@azure/identity` names it (a getter, so minifiers cannot change it). */
  override get name(): string {
    return 'AggregateAuthenticationError';
  }

  /** Each attempt's error, in the order the credentials were tried (a thrown non-Error is wrapped in one). */
  readonly errors: Error[];

  /** Makes the error from each credential's error, in chain order; the message lists them all. */
  constructor(errors: readonly unknown[] = [], message = 'No credential in the chain could get a token.') {
    const list = errors.map((e) =>
      typeof (e as Error)?.message === 'string' ? (e as Error) : new Error(String(e), { cause: e }),
    );
    super(
      [message, ...list.map((e) => `  - ${e.message}`)].join('\n'),
      undefined,
      'AGGREGATE_AUTHENTICATION_FAILED',
    );
    this.errors = list;
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
  /** Always `'INVALID_ARGUMENT'`. */
  declare readonly code: 'INVALID_ARGUMENT';

  /** `'InvalidArgumentError'`, as `@azure/identity` names it (a getter, so minifiers cannot change it). */
  override get name(): string {
    return 'InvalidArgumentError';
  }

  /** Makes the error; the message names the argument and the value expected. */
  constructor(message?: string, options?: IdentityErrorOptions) {
    super(message, options, 'INVALID_ARGUMENT');
  }
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
  /** `'NetworkError'`, as `@azure/identity` names it (a getter, so minifiers cannot change it). */
  override get name(): string {
    return 'NetworkError';
  }

  /** `'REQUEST_TIMEOUT'` when the request timed out, else `'NETWORK_ERROR'`. */
  declare readonly code: 'NETWORK_ERROR' | 'REQUEST_TIMEOUT';

  /** Makes the error; `options.code` is `'REQUEST_TIMEOUT'` for a timeout. */
  constructor(
    message?: string,
    options?: IdentityErrorOptions & { code?: 'NETWORK_ERROR' | 'REQUEST_TIMEOUT' },
  ) {
    super(message, options, options?.code ?? 'NETWORK_ERROR');
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
  /** Always `'ABORTED'`. */
  declare readonly code: 'ABORTED';

  /** `'AbortError'`, as `@azure/identity` names it (a getter, so minifiers cannot change it). */
  override get name(): string {
    return 'AbortError';
  }

  /** Makes the error; `options.cause` carries the signal's reason. */
  constructor(message = 'Aborted by the caller.', options?: IdentityErrorOptions) {
    super(message, options, 'ABORTED');
  }
}

/**
 * Tells whether a chain should move past this error: an unavailable credential, or one that needs an
 * interactive sign-in. The `name` decides, so errors of another installed copy of this package and of
 * `@azure/identity` count too (the `name` is also what `isInstance` compares, so it needs neither class).
 *
 * @example
 * ```ts
 * if (!isUnavailable(error)) throw error; // configured but failing: stop here
 * ```
 */
export function isUnavailable(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'CredentialUnavailableError' || name === 'AuthenticationRequiredError';
}

/**
 * Every error of this package, as one union: each `code` belongs to exactly one class, so a `switch` on
 * `error.code` narrows to it.
 *
 * @example
 * ```ts
 * if (isIdentityError(error)) {
 *   switch (error.code) {
 *     case 'AUTHENTICATION_FAILED': console.error(error.errorResponse.errorCodes); break; // an AuthenticationError
 *     case 'NETWORK_ERROR': retryLater(); break; // a NetworkError
 *   }
 * }
 * ```
 */
export type AnyIdentityError =
  | CredentialUnavailableError
  | AuthenticationError
  | AuthenticationRequiredError
  | AggregateAuthenticationError
  | InvalidArgumentError
  | NetworkError
  | AbortError;
