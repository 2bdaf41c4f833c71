// The token answer's parts only user flows read (refresh token, ID token, client_info), beside the access token
// every credential reads; the request itself is token-endpoint's postForm, as for every token request.
import type { UserTokens } from './public-client-accounts.js';
import type { TokenErrorDetails, TokenRequestContext } from './token-endpoint.js';
import { parseTokenResponse, postForm } from './token-endpoint.js';

// The fields of a user flow's form whose values are secrets: the client's (a web app redeeming a code), and the
// user's grants (refresh token, authorization code and its PKCE verifier, device code).
const SECRET_FIELDS = ['client_secret', 'refresh_token', 'code', 'code_verifier', 'device_code'];

/**
 * {@link postForm} for a user flow: the form's user-flow secrets redacted from every error; resolves to what `read`
 * makes of the 200 answer (by default its body).
 *
 * @example
 * ```ts
 * const body = await postUserForm(deviceCodeUrl, { client_id, scope }, context);
 * ```
 */
export function postUserForm<T = string>(
  url: string,
  form: Record<string, string>,
  context: TokenRequestContext,
  read: (body: string, requestedAt: number, details: TokenErrorDetails) => T = (body) => body as T,
): Promise<T> {
  return postForm(
    url,
    form,
    context,
    SECRET_FIELDS.map((name) => form[name]),
    read,
  );
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
export function requestUserTokens(
  tokenUrl: string,
  form: Record<string, string>,
  context: TokenRequestContext,
): Promise<UserTokens> {
  return postUserForm(tokenUrl, form, context, (body, requestedAt, details) => {
    const token = parseTokenResponse(body, requestedAt, details);
    // parseTokenResponse has read this body: it is a JSON object.
    const { refresh_token, id_token, client_info, foci } = JSON.parse(body);
    const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    return {
      token,
      refreshToken: text(refresh_token),
      idToken: text(id_token),
      clientInfo: text(client_info),
      familyId: text(foci),
    };
  });
}
