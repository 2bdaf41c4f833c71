// Authorization codes: issued by the authorize endpoint after sign-in, redeemed once at the token endpoint
// (`grant_type=authorization_code`) within 10 minutes, with the same redirect URI and the PKCE verifier.
import { createHash, randomBytes } from 'node:crypto';
import type { UserScopes } from './emulator-delegated-scopes.js';
import { base64UrlEncode } from './emulator-encoding.js';
import { entraErrors } from './emulator-errors.js';
import type { RedirectUriType } from './emulator-redirect-uris.js';
import type { EmulatorGrantHandler } from './emulator-types.js';
import {
  authenticateUserFlowClient,
  findUserFlowApp,
  userFlowAuthority,
} from './emulator-user-flow-client.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';
import { redeemUserGrant, type UserFlowServices } from './emulator-user-grant.js';

/**
 * How long an authorization code may wait to be redeemed: Entra's 10 minutes.
 *
 * @example
 * ```ts
 * clock.advance(AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000); // redeeming now answers AADSTS70008
 * ```
 */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 600;

/**
 * What an authorization code stands for.
 *
 * @example
 * ```ts
 * const code = codes.issue({ clientId, authority: 'organizations', tenantId, userKey, redirectUri, platform: 'public', scopes, amr: ['pwd'], issuedAt: now });
 * ```
 */
export interface AuthorizationCodeGrant {
  clientId: string;
  /** The `{tenant}` segment of the authorize request; the code is redeemed there only (AADSTS700005). */
  authority: string;
  /** The tenant the tokens are issued in. */
  tenantId: string;
  userKey: string;
  /** The redirect URI as sent; the token request must send it again (AADSTS50011 otherwise). */
  redirectUri: string;
  platform: RedirectUriType;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  scopes: UserScopes;
  amr: string[];
  nonce?: string;
  sessionId?: string;
  /** Epoch ms. */
  issuedAt: number;
}

interface IssuedCode {
  grant: AuthorizationCodeGrant;
  family: string;
  redeemed: boolean;
}

/**
 * Checks a PKCE `code_verifier` against the `code_challenge` of the authorize request (RFC 7636): S256
 * compares base64url(SHA-256(verifier)), plain compares the strings. A verifier must be 43 to 128 of
 * `A-Z a-z 0-9 - . _ ~`.
 *
 * @example
 * ```ts
 * verifyPkce('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // true
 * ```
 */
export function verifyPkce(challenge: string, method: 'S256' | 'plain', verifier: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const derived =
    method === 'S256' ? base64UrlEncode(createHash('sha256').update(verifier).digest()) : verifier;
  return derived === challenge;
}

/**
 * The authorization codes the emulator issued.
 *
 * @example
 * ```ts
 * const codes = new AuthorizationCodes();
 * const code = codes.issue(grant); // '1.AbC...' (opaque)
 * ```
 */
export class AuthorizationCodes {
  readonly #codes = new Map<string, IssuedCode>();

  issue(grant: AuthorizationCodeGrant): string {
    // Redeemed or expired codes are kept until they are a day old, so a replay is told it was redeemed.
    for (const [code, issued] of this.#codes) {
      if (grant.issuedAt - issued.grant.issuedAt > 86_400_000) this.#codes.delete(code);
    }
    const code = `1.${base64UrlEncode(randomBytes(48))}`;
    this.#codes.set(code, { grant, family: base64UrlEncode(randomBytes(16)), redeemed: false });
    return code;
  }

  get(code: string): IssuedCode | undefined {
    return this.#codes.get(code);
  }
}

/**
 * The `authorization_code` grant: `client_id`, `code`, `redirect_uri`, `code_verifier`, optional `scope`
 * (one consented resource), `client_info=1`, and the client's credential for a web redirect URI.
 *
 * A code is single use: redeeming it again answers AADSTS54005 and revokes the refresh tokens issued from
 * it (RFC 6749 §4.1.2; the emulator's choice, as Entra does not document what it revokes).
 *
 * @example
 * ```ts
 * grants.set('authorization_code', createAuthorizationCodeGrant(services, codes));
 * ```
 */
export function createAuthorizationCodeGrant(
  services: UserFlowServices,
  codes: AuthorizationCodes,
): EmulatorGrantHandler {
  return async (ctx) => {
    const authority = userFlowAuthority(ctx, ctx.params.tenant ?? '');
    for (const name of ['client_id', 'code', 'redirect_uri']) {
      if (!ctx.form.get(name)) throw entraErrors.missingParameter(name);
    }
    const issued = codes.get(ctx.form.get('code') as string);
    if (!issued) throw userFlowErrors.codeInvalid();
    const app = findUserFlowApp(services.state, authority, ctx.form.get('client_id') as string);
    ctx.note({ clientId: app.clientId });
    const { grant } = issued;
    if (grant.clientId !== app.clientId) throw userFlowErrors.codeInvalid();
    if (grant.authority !== authority.segment) throw userFlowErrors.grantOtherTenant();
    const authMethod = await authenticateUserFlowClient(ctx, app, grant.platform, authority);

    if (issued.redeemed) {
      services.refreshTokens.revokeFamily(issued.family);
      throw userFlowErrors.codeRedeemed();
    }
    if (ctx.now() - grant.issuedAt >= AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000)
      throw userFlowErrors.grantExpired();
    const redirectUri = ctx.form.get('redirect_uri') as string;
    if (redirectUri !== grant.redirectUri)
      throw userFlowErrors.redirectUriChanged(redirectUri, grant.redirectUri);
    if (grant.codeChallenge !== undefined) {
      const verifier = ctx.form.get('code_verifier') ?? '';
      if (!verifyPkce(grant.codeChallenge, grant.codeChallengeMethod ?? 'plain', verifier)) {
        throw userFlowErrors.pkceMismatch();
      }
    } else if (grant.platform === 'spa') {
      throw userFlowErrors.pkceRequiredForSpa();
    }
    issued.redeemed = true;

    const account = services.users.accountOf(grant.userKey, grant.tenantId);
    if (!account) throw userFlowErrors.codeInvalid();
    return redeemUserGrant(ctx, services, {
      app,
      account,
      scopes: grant.scopes,
      oidc: grant.scopes.oidc,
      platform: grant.platform,
      amr: grant.amr,
      authMethod,
      family: issued.family,
      refresh: grant.scopes.oidc.has('offline_access'),
      ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
      ...(grant.sessionId === undefined ? {} : { sessionId: grant.sessionId }),
    });
  };
}
