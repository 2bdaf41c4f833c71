// The requests of the user flows: a form POSTed to an Entra endpoint (the token endpoint, the device-code
// endpoint), sent as every token request is (telemetry headers, a correlation id, retries, Entra's errors), with the
// user flows' secrets redacted; and the token answer's parts only user flows read (refresh token, ID token,
// client_info). The app-only credentials' requestToken is left as small as it is: this is its user-flow twin.
import { AuthenticationError, NetworkError } from './errors.js';
import type { HttpResponse } from './http-transport.js';
import type { UserTokens } from './public-client-accounts.js';
import type { TokenRequestContext } from './token-endpoint.js';
import { parseTokenResponse, tokenEndpointError } from './token-endpoint.js';
import { VERSION } from './version.js';

// The fields of a user flow's form whose values are secrets: the client's (a web app redeeming a code), and the
// user's grants (refresh token, authorization code and its PKCE verifier, device code).
const SECRET_FIELDS = ['client_secret', 'refresh_token', 'code', 'code_verifier', 'device_code'];

/**
 * A 200 answer's body, when it came, and what an error about it says.
 *
 * @example
 * ```ts
 * const { body, requestedAt, details } = await postForm(url, form, context);
 * ```
 */
export interface FormAnswer {
  body: string;
  /** When the request was sent (the credential's clock): the start of the answer's lifetimes. */
  requestedAt: number;
  details: TokenRequestContext & { correlationId: string; secrets: (string | undefined)[] };
}

/**
 * POSTs a form to an Entra endpoint and returns the body of its 200 answer. Throws an `AuthenticationError`: Entra's
 * refusal (its `error` in `errorResponse.error`), or no answer after the retries (`AUTHENTICATION_NETWORK_ERROR`,
 * `AUTHENTICATION_REQUEST_TIMEOUT`). The form's secrets (refresh token, code, verifier, device code, client
 * secret) never appear in an error.
 *
 * @example
 * ```ts
 * const { body } = await postForm(deviceCodeUrl, { client_id, scope }, context);
 * ```
 */
export async function postForm(
  url: string,
  form: Record<string, string>,
  context: TokenRequestContext,
): Promise<FormAnswer> {
  const requestedAt = context.clock.now();
  // Entra logs the request under this id, which every error names.
  const correlationId = crypto.randomUUID();
  const secrets = SECRET_FIELDS.map((name) => form[name]);
  const details = { ...context, correlationId, secrets };
  let response: HttpResponse;
  try {
    response = await context.http.send(
      {
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
          'x-client-SKU': 'identity.js',
          'x-client-VER': VERSION,
          'client-request-id': correlationId,
          'return-client-request-id': 'true',
        },
        body: new URLSearchParams(form).toString(),
        secrets,
      },
      context.signal,
    );
  } catch (error) {
    if (!NetworkError.isInstance(error)) throw error;
    throw new AuthenticationError(
      0,
      { error: error.code.toLowerCase(), error_description: error.message },
      {
        ...details,
        code: `AUTHENTICATION_${error.code}`,
        cause: error,
        nextStep: 'Check DNS, firewall and proxy settings.',
        anchor: 'network',
      },
    );
  }
  if (response.status !== 200) throw tokenEndpointError(response, details);
  return { body: response.body, requestedAt, details };
}

/**
 * POSTs a user flow's token request (see {@link postForm}) and returns the tokens: the access token as every
 * credential reads it, with the refresh token, ID token and `client_info` when the answer has them.
 *
 * @example
 * ```ts
 * const tokens = await requestUserTokens(tokenUrl, { client_id, scope, grant_type: 'refresh_token', refresh_token }, context);
 * ```
 */
export async function requestUserTokens(
  tokenUrl: string,
  form: Record<string, string>,
  context: TokenRequestContext,
): Promise<UserTokens> {
  const { body, requestedAt, details } = await postForm(tokenUrl, form, context);
  const token = parseTokenResponse(body, requestedAt, details);
  // parseTokenResponse has read this body: it is a JSON object.
  const { refresh_token, id_token, client_info } = JSON.parse(body);
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return { token, refreshToken: text(refresh_token), idToken: text(id_token), clientInfo: text(client_info) };
}
