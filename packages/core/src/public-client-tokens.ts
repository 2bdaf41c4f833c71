// A user flow's token request: the token endpoint's request as every credential sends it (requestToken: headers,
// correlation id, retries, Entra's errors), with the user flows' own secrets redacted, and the parts of the answer
// only user flows read (refresh token, ID token, client_info). Those are read here, beside requestToken, so the
// app-only credentials, which never see them, carry none of this.
import type { UserTokens } from './public-client-accounts.js';
import { redactSecrets } from './redaction.js';
import type { TokenRequestContext } from './token-endpoint.js';
import { requestToken } from './token-endpoint.js';

/**
 * The fields of a user flow's token form whose values are secrets: the client's (a confidential client redeeming a
 * code), and the user's grants (refresh token, authorization code and its PKCE verifier, device code).
 *
 * @example
 * ```ts
 * const secrets = USER_FLOW_SECRET_FIELDS.map((name) => form[name]);
 * ```
 */
export const USER_FLOW_SECRET_FIELDS: readonly string[] = [
  'client_secret',
  'client_assertion',
  'refresh_token',
  'code',
  'code_verifier',
  'device_code',
];

/**
 * POSTs a user flow's token request and returns the tokens, or throws `requestToken`'s `AuthenticationError`
 * (Entra's `error` in `errorResponse.error`: `authorization_pending`, `invalid_grant`...). Every secret of the
 * form (see {@link USER_FLOW_SECRET_FIELDS}) is redacted from every error.
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
  const secrets = USER_FLOW_SECRET_FIELDS.map((name) => form[name]);
  let answer = '';
  const token = await requestToken(tokenUrl, form, {
    ...context,
    http: {
      send: async (request, signal) => {
        // The request's secrets: an error about the request (a network failure) never shows them.
        const response = await context.http.send({ ...request, secrets }, signal);
        // requestToken reads the access token from an answer; the rest of it is for the fields it leaves. A
        // refusal is redacted before requestToken quotes it in its error.
        if (response.status === 200) answer = response.body;
        else response.body = redactSecrets(response.body, secrets);
        return response;
      },
    },
  });
  // requestToken has parsed this body already: it is a JSON object.
  const fields = JSON.parse(answer) as Record<string, unknown>;
  const tokens: UserTokens = { token };
  for (const [field, name] of [
    ['refresh_token', 'refreshToken'],
    ['id_token', 'idToken'],
    ['client_info', 'clientInfo'],
  ] as const) {
    const value = fields[field];
    if (typeof value === 'string' && value) tokens[name] = value;
  }
  return tokens;
}
