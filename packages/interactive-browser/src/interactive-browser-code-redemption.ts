// What a finished sign-in is worth: its authorization code, redeemed at the token endpoint with the PKCE verifier
// and the redirect URI it was issued for, and the ID token checked to belong to this sign-in (its nonce). The same
// on Node (a loopback redirect) and in a web page (a pop-up or a redirect).
import { AuthenticationError } from '@identity/core';
import {
  type AuthorizeCodeResponse,
  decodeJwtClaims,
  type SignInContext,
  type UserTokens,
} from '@identity/core/internal';
import { INTERACTIVE_BROWSER_ANCHOR, INTERACTIVE_BROWSER_CREDENTIAL } from './interactive-browser-errors.js';

/**
 * A finished sign-in: the code and what its redemption needs (`code_verifier`, the `redirect_uri` it was issued
 * for), and the `nonce` the ID token must carry.
 *
 * @example
 * ```ts
 * const { code, codeVerifier, redirectUri, nonce }: SignedIn = await signInWithSystemBrowser(request);
 * ```
 */
export interface SignedIn extends AuthorizeCodeResponse {
  /** The PKCE verifier: secret, sent only with the code to the token endpoint. */
  codeVerifier: string;
  redirectUri: string;
  nonce: string;
}

/**
 * Redeems a sign-in's code (`grant_type=authorization_code` with `code_verifier`) through the user-token engine's
 * `requestTokens`, and checks that the ID token carries the sign-in's nonce: an `AuthenticationError`
 * (`nonce_mismatch`) otherwise, since that ID token was not issued for this sign-in.
 *
 * @example
 * ```ts
 * client.getToken(scopes, options, async (context) => redeemCode(context, await signInWithSystemBrowser(request)));
 * ```
 */
export async function redeemCode(context: SignInContext, signedIn: SignedIn): Promise<UserTokens> {
  const tokens = await context.requestTokens({
    grant_type: 'authorization_code',
    code: signedIn.code,
    redirect_uri: signedIn.redirectUri,
    code_verifier: signedIn.codeVerifier,
  });
  if (tokens.idToken && decodeJwtClaims(tokens.idToken)?.nonce !== signedIn.nonce) {
    throw new AuthenticationError(
      0,
      {
        error: 'nonce_mismatch',
        error_description:
          'The ID token does not carry the nonce this sign-in sent, so it was not issued for it',
      },
      {
        credentialName: INTERACTIVE_BROWSER_CREDENTIAL,
        nextStep: 'Sign in again.',
        anchor: INTERACTIVE_BROWSER_ANCHOR,
      },
    );
  }
  return tokens;
}
