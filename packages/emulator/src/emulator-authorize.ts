// GET (or POST) `/{tenant}/oauth2/v2.0/authorize`: validates the request the way Entra does, runs the
// sign-in, and answers at the redirect URI with a code (query, fragment or form_post) or an error. Errors
// before the redirect URI is trusted (unknown app, unregistered redirect URI) stay on an error page.
import type { AuthorizationCodes } from './emulator-authorization-code.js';
import { parseUserScopes, type UserScopes } from './emulator-delegated-scopes.js';
import { EntraError, entraErrors } from './emulator-errors.js';
import { clientInfo } from './emulator-id-token.js';
import { matchRedirectUri, type RedirectUriType } from './emulator-redirect-uris.js';
import type { SignedIn, SignIn, SignInStart } from './emulator-sign-in.js';
import { signInPages } from './emulator-sign-in-page.js';
import type {
  EmulatorApp,
  EmulatorRequestContext,
  EmulatorResponse,
  EmulatorRouteHandler,
} from './emulator-types.js';
import { findUserFlowApp, type UserFlowAuthority, userFlowAuthority } from './emulator-user-flow-client.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';
import type { UserFlowServices } from './emulator-user-grant.js';

const RESPONSE_MODES = new Set(['query', 'fragment', 'form_post']);
const PROMPTS = new Set(['login', 'none', 'consent', 'select_account']);
const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * Sends an authorization response to the redirect URI: `query` and `fragment` as a 302, `form_post` as an
 * auto-submitting HTML form. A redirect URI without a path gets a trailing slash, as Entra sends it.
 *
 * @example
 * ```ts
 * deliver('http://localhost:5000', 'query', { code, state }); // 302 to http://localhost:5000/?code=...&state=...
 * ```
 */
export function deliver(redirectUri: string, mode: string, fields: Record<string, string>): EmulatorResponse {
  if (mode === 'form_post') return signInPages.formPost(redirectUri, fields);
  const url = new URL(redirectUri);
  if (mode === 'fragment') url.hash = new URLSearchParams(fields).toString();
  else for (const [name, value] of Object.entries(fields)) url.searchParams.append(name, value);
  return { status: 302, headers: { location: url.href, 'cache-control': 'no-store' }, body: '' };
}

// The `error`, `error_description` (with trace and correlation ids) and, for a user's cancel, `error_subcode`.
function errorFields(ctx: EmulatorRequestContext, error: EntraError): Record<string, string> {
  const body = ctx.errorResponse(error).json as {
    error: string;
    error_description: string;
    error_uri: string;
  };
  const fields: Record<string, string> = { error: body.error, error_description: body.error_description };
  if (error.code === 65004) fields.error_subcode = 'cancel';
  fields.error_uri = body.error_uri;
  return fields;
}

function errorPage(ctx: EmulatorRequestContext, error: EntraError): EmulatorResponse {
  const body = ctx.errorResponse(error).json as { error_description: string };
  return signInPages.error(body.error_description);
}

interface AuthorizeRequest {
  authority: UserFlowAuthority;
  app: EmulatorApp;
  redirectUri: string;
  platform: RedirectUriType;
  mode: string;
  params: URLSearchParams;
}

/**
 * The authorize endpoint over the sign-in experience and the code store.
 *
 * @example
 * ```ts
 * const route = createAuthorizeRoute(services, signIn, codes);
 * emulator.addRoute('GET', '/:tenant/oauth2/v2.0/authorize', 'authorize', route);
 * ```
 */
export function createAuthorizeRoute(
  services: UserFlowServices,
  signIn: SignIn,
  codes: AuthorizationCodes,
): EmulatorRouteHandler {
  // Everything up to the redirect URI answers on a page: sending it elsewhere would be an open redirect.
  const trusted = (ctx: EmulatorRequestContext): AuthorizeRequest | EntraError => {
    const params = ctx.method === 'POST' ? ctx.form : ctx.query;
    try {
      const authority = userFlowAuthority(ctx, ctx.params.tenant ?? '');
      const clientId = params.get('client_id');
      if (!clientId) return entraErrors.missingParameter('client_id');
      const app = findUserFlowApp(services.state, authority, clientId);
      ctx.note({ clientId: app.clientId, ...(authority.tenantId ? { tenantId: authority.tenantId } : {}) });
      const redirectUri = params.get('redirect_uri');
      if (!redirectUri) return entraErrors.missingParameter('redirect_uri');
      const platform = matchRedirectUri(app, redirectUri);
      if (!platform) return userFlowErrors.redirectUriMismatch(redirectUri, app.clientId);
      return { authority, app, redirectUri, platform, mode: params.get('response_mode') ?? 'query', params };
    } catch (error) {
      if (error instanceof EntraError) return error;
      throw error;
    }
  };

  return (ctx) => {
    const request = trusted(ctx);
    if (request instanceof EntraError) return errorPage(ctx, request);
    const { app, authority, redirectUri, platform, params } = request;
    const state = params.get('state');
    const withState = (fields: Record<string, string>) => (state === null ? fields : { ...fields, state });
    const mode = RESPONSE_MODES.has(request.mode) ? request.mode : 'query';
    const fail = (at: EmulatorRequestContext, error: EntraError) =>
      deliver(redirectUri, mode, withState(errorFields(at, error)));

    if (!RESPONSE_MODES.has(request.mode))
      return fail(ctx, userFlowErrors.unsupportedResponseMode(request.mode));
    const responseType = params.get('response_type');
    if (!responseType) return fail(ctx, entraErrors.missingParameter('response_type'));
    if (responseType !== 'code') return fail(ctx, userFlowErrors.unsupportedResponseType(responseType));
    const scope = params.get('scope');
    if (!scope) return fail(ctx, entraErrors.missingParameter('scope'));
    let scopes: UserScopes;
    try {
      scopes = parseUserScopes(scope);
    } catch (error) {
      return fail(ctx, error as EntraError);
    }
    const challenge = params.get('code_challenge') || undefined;
    const method = params.get('code_challenge_method') || undefined;
    if (method !== undefined && challenge === undefined)
      return fail(ctx, entraErrors.missingParameter('code_challenge'));
    if (method !== undefined && method !== 'S256' && method !== 'plain') {
      return fail(ctx, userFlowErrors.invalidCodeChallengeMethod(method));
    }
    if (challenge !== undefined && !CODE_CHALLENGE.test(challenge))
      return fail(ctx, userFlowErrors.invalidCodeChallenge());
    const prompt = params.get('prompt') || undefined;
    if (prompt !== undefined && !PROMPTS.has(prompt)) return fail(ctx, userFlowErrors.invalidPrompt(prompt));
    const nonce = params.get('nonce') || undefined;
    const loginHint = params.get('login_hint') || undefined;

    const issue = (at: EmulatorRequestContext, signedIn: SignedIn) => {
      const code = codes.issue({
        clientId: app.clientId,
        authority: authority.segment,
        tenantId: signedIn.account.tenantId,
        userKey: signedIn.account.user.key,
        redirectUri,
        platform,
        scopes,
        amr: signedIn.amr,
        sessionId: signedIn.sessionId,
        issuedAt: at.now(),
        ...(challenge === undefined
          ? {}
          : { codeChallenge: challenge, codeChallengeMethod: method === 'S256' ? 'S256' : 'plain' }),
        ...(nonce === undefined ? {} : { nonce }),
      });
      const fields: Record<string, string> = { code };
      if (params.get('client_info') === '1') fields.client_info = clientInfo(signedIn.account);
      fields.session_state = signedIn.sessionId;
      return deliver(redirectUri, mode, withState(fields));
    };

    if (prompt === 'none') {
      const current = signIn.session(ctx, authority);
      if (!current) return fail(ctx, userFlowErrors.loginRequired());
      if (
        loginHint !== undefined &&
        loginHint.toLowerCase() !== current.account.user.username.toLowerCase()
      ) {
        return fail(ctx, userFlowErrors.loginHintMismatch());
      }
      if (current.account.user.mfaRequired && !current.amr.includes('mfa')) {
        return fail(ctx, userFlowErrors.mfaRequired(app.displayName, 'interaction_required'));
      }
      if (services.consent.missing(current.account.user.key, app, scopes.resources).size > 0) {
        return fail(ctx, userFlowErrors.consentRequired(app.clientId, app.displayName, 'consent_required'));
      }
      ctx.note({ username: current.account.user.username });
      return issue(ctx, current);
    }
    const start: SignInStart = { kind: 'authorize', authority, app, scopes, complete: issue, decline: fail };
    if (loginHint !== undefined) start.loginHint = loginHint;
    if (prompt !== undefined) start.prompt = prompt as SignInStart['prompt'];
    return signIn.start(ctx, start);
  };
}
