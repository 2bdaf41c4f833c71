// The interactive sign-in shared by the authorize endpoint and the device-code verification page: account
// picker, username and password, a second factor for users who need MFA, the device-code confirmation,
// consent; then the caller's completion. A session cookie signs the user in again without a password.
import { randomBytes } from 'node:crypto';
import type { UserScopes } from './emulator-delegated-scopes.js';
import { base64UrlEncode } from './emulator-encoding.js';
import type { EntraError } from './emulator-errors.js';
import { type PageForm, signInPages } from './emulator-sign-in-page.js';
import type {
  EmulatorApp,
  EmulatorRequestContext,
  EmulatorResponse,
  EmulatorRouteHandler,
} from './emulator-types.js';
import type { UserFlowAuthority } from './emulator-user-flow-client.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';
import type { UserFlowServices } from './emulator-user-grant.js';
import type { TenantAccount } from './emulator-users.js';

/**
 * How long a user may take between the pages of one sign-in.
 *
 * @example
 * ```ts
 * clock.advance(SIGN_IN_FLOW_LIFETIME_SECONDS * 1000); // the next page post answers AADSTS50089
 * ```
 */
export const SIGN_IN_FLOW_LIFETIME_SECONDS = 15 * 60;

/**
 * The name of the session cookie the emulator sets once a user signed in.
 *
 * @example
 * ```ts
 * response.headers.get('set-cookie')?.startsWith(`${SESSION_COOKIE}=`);
 * ```
 */
export const SESSION_COOKIE = 'identity-emulator-session';

/**
 * A finished sign-in: who, how (`amr`) and in which session.
 *
 * @example
 * ```ts
 * const complete = (ctx, { account, amr, sessionId }: SignedIn) => issueCode(ctx, account, amr, sessionId);
 * ```
 */
export interface SignedIn {
  account: TenantAccount;
  amr: string[];
  sessionId: string;
}

/**
 * What a caller starts a sign-in with, and what it does at the end.
 *
 * @example
 * ```ts
 * signIn.start(ctx, { kind: 'authorize', authority, app, scopes, complete, decline });
 * ```
 */
export interface SignInStart {
  kind: 'authorize' | 'device';
  authority: UserFlowAuthority;
  app: EmulatorApp;
  scopes: UserScopes;
  loginHint?: string;
  prompt?: 'login' | 'consent' | 'select_account';
  /** The user signed in and consented: the response to send. */
  complete(ctx: EmulatorRequestContext, signedIn: SignedIn): EmulatorResponse;
  /** The user said no (consent, MFA or the device-code question): the response to send. */
  decline(ctx: EmulatorRequestContext, error: EntraError): EmulatorResponse;
}

interface Flow {
  id: string;
  start: SignInStart;
  step: 'pick' | 'sign-in' | 'mfa' | 'confirm' | 'consent';
  expiresAt: number;
  signedIn?: SignedIn;
}

interface Session {
  userKey: string;
  amr: string[];
  authTime: number;
}

/**
 * The sign-in experience.
 *
 * @example
 * ```ts
 * const signIn = createSignIn(services);
 * emulator.addRoute('POST', '/:tenant/login', 'sign-in', signIn.loginRoute);
 * ```
 */
export interface SignIn {
  /** Starts a sign-in: the first page, or straight to the end when a session already covers it. */
  start(ctx: EmulatorRequestContext, start: SignInStart): EmulatorResponse;
  /** The signed-in session's account at an authority, for `prompt=none`. */
  session(ctx: EmulatorRequestContext, authority: UserFlowAuthority): SignedIn | undefined;
  /** POST `/{tenant}/login`: every page of the sign-in posts here. */
  loginRoute: EmulatorRouteHandler;
}

const newId = () => base64UrlEncode(randomBytes(24));

function cookieValue(ctx: EmulatorRequestContext, name: string): string | undefined {
  for (const part of String(ctx.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function accountAt(services: UserFlowServices, authority: UserFlowAuthority, username: string) {
  return authority.tenantId === undefined
    ? services.users.home(username)
    : services.users.inTenant(authority.tenantId, username);
}

function scopeList(scopes: UserScopes, only?: ReadonlyMap<string, string[]>): string[] {
  const resources = only ?? scopes.resources;
  const permissions = [...resources].flatMap(([resource, list]) =>
    list.map((p) => `${resource}/${p === '.default' ? 'user_impersonation' : p}`),
  );
  return [...permissions, ...scopes.oidc];
}

/**
 * Creates the sign-in experience over the user flows' services.
 *
 * @example
 * ```ts
 * const signIn = createSignIn(services);
 * ```
 */
export function createSignIn(services: UserFlowServices): SignIn {
  const flows = new Map<string, Flow>();
  const sessions = new Map<string, Session>();

  const target = (flow: Flow): PageForm => ({
    action: `/${flow.start.authority.segment}/login`,
    flow: flow.id,
  });

  const validSession = (ctx: EmulatorRequestContext): [string, Session] | undefined => {
    const id = cookieValue(ctx, SESSION_COOKIE);
    const session = id === undefined ? undefined : sessions.get(id);
    const user = session && services.users.byKey(session.userKey);
    if (!id || !session || !user || session.authTime < user.tokensValidFrom) return undefined;
    return [id, session];
  };

  const session = (ctx: EmulatorRequestContext, authority: UserFlowAuthority): SignedIn | undefined => {
    const found = validSession(ctx);
    if (!found) return undefined;
    const [sessionId, { userKey, amr }] = found;
    const user = services.users.byKey(userKey);
    const account =
      authority.tenantId === undefined
        ? user && services.users.home(user.username)
        : services.users.accountOf(userKey, authority.tenantId);
    return account ? { account, amr, sessionId } : undefined;
  };

  const signInPage = (flow: Flow, error?: EntraError, username?: string) => {
    flow.step = 'sign-in';
    const view: { appName: string; username?: string; error?: string } = {
      appName: flow.start.app.displayName,
    };
    const name = username ?? flow.start.loginHint;
    if (name !== undefined) view.username = name;
    if (error) view.error = error.message;
    return signInPages.signIn(target(flow), view);
  };

  const finish = (ctx: EmulatorRequestContext, flow: Flow, signedIn: SignedIn) => {
    flows.delete(flow.id);
    ctx.note({ username: signedIn.account.user.username });
    return flow.start.complete(ctx, signedIn);
  };

  const consentStep = (ctx: EmulatorRequestContext, flow: Flow, signedIn: SignedIn) => {
    const { app, scopes, prompt } = flow.start;
    const missing = services.consent.missing(signedIn.account.user.key, app, scopes.resources);
    if (prompt !== 'consent' && missing.size === 0) return finish(ctx, flow, signedIn);
    flow.step = 'consent';
    return signInPages.consent(target(flow), {
      appName: app.displayName,
      username: signedIn.account.user.username,
      permissions: scopeList(scopes, prompt === 'consent' ? undefined : missing),
    });
  };

  const mfaPage = (flow: Flow, signedIn: SignedIn) => {
    flow.step = 'mfa';
    return signInPages.mfa(target(flow), { username: signedIn.account.user.username });
  };

  const confirmPage = (flow: Flow, signedIn: SignedIn) => {
    flow.step = 'confirm';
    const username = signedIn.account.user.username;
    return signInPages.confirmDevice(target(flow), { appName: flow.start.app.displayName, username });
  };

  const pickPage = (flow: Flow, signedIn: SignedIn) => {
    flow.step = 'pick';
    return signInPages.pickAccount(target(flow), { username: signedIn.account.user.username });
  };

  // Once the user is known: a second factor if their policy wants one, the device-code question, consent.
  const signedInStep = (ctx: EmulatorRequestContext, flow: Flow, signedIn: SignedIn) => {
    flow.signedIn = signedIn;
    if (signedIn.account.user.mfaRequired && !signedIn.amr.includes('mfa')) return mfaPage(flow, signedIn);
    if (flow.start.kind === 'device') return confirmPage(flow, signedIn);
    return consentStep(ctx, flow, signedIn);
  };

  const decline = (ctx: EmulatorRequestContext, flow: Flow, error: EntraError) => {
    flows.delete(flow.id);
    return flow.start.decline(ctx, error);
  };

  // The page of the flow's current step, for a post that does not belong to it (a stale tab, a skipped page).
  const currentPage = (ctx: EmulatorRequestContext, flow: Flow) => {
    const { signedIn, step } = flow;
    if (!signedIn || step === 'sign-in') return signInPage(flow);
    if (step === 'pick') return pickPage(flow, signedIn);
    if (step === 'mfa') return mfaPage(flow, signedIn);
    if (step === 'confirm') return confirmPage(flow, signedIn);
    return consentStep(ctx, flow, signedIn);
  };

  const withSession = (ctx: EmulatorRequestContext, flow: Flow, signedIn: SignedIn): EmulatorResponse => {
    const sessionId = newId();
    sessions.set(sessionId, { userKey: signedIn.account.user.key, amr: signedIn.amr, authTime: ctx.now() });
    const response = signedInStep(ctx, flow, { ...signedIn, sessionId });
    const secure = ctx.url.protocol === 'https:' ? '; Secure' : '';
    const cookie = `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax${secure}`;
    return { ...response, headers: { ...response.headers, 'set-cookie': cookie } };
  };

  const start = (ctx: EmulatorRequestContext, begin: SignInStart): EmulatorResponse => {
    const now = ctx.now();
    for (const [id, flow] of flows) if (flow.expiresAt <= now) flows.delete(id);
    const flow: Flow = {
      id: newId(),
      start: begin,
      step: 'sign-in',
      expiresAt: now + SIGN_IN_FLOW_LIFETIME_SECONDS * 1000,
    };
    flows.set(flow.id, flow);
    const current = begin.prompt === 'login' ? undefined : session(ctx, begin.authority);
    if (!current) return signInPage(flow);
    if (begin.prompt === 'select_account') {
      flow.signedIn = current;
      return pickPage(flow, current);
    }
    const hint = begin.loginHint?.toLowerCase();
    if (hint !== undefined && hint !== current.account.user.username.toLowerCase()) return signInPage(flow);
    return signedInStep(ctx, flow, current);
  };

  const signInPost = (ctx: EmulatorRequestContext, flow: Flow): EmulatorResponse => {
    const username = ctx.form.get('username')?.trim() ?? '';
    const password = ctx.form.get('password') ?? '';
    const account = username ? accountAt(services, flow.start.authority, username) : undefined;
    ctx.note({ username });
    if (!account)
      return signInPage(flow, userFlowErrors.userNotFound(flow.start.authority.segment), username);
    if (!services.users.checkPassword(account.user, password)) {
      return signInPage(flow, userFlowErrors.invalidCredentials(), username);
    }
    const signedIn = { account, amr: ['pwd'], sessionId: '' };
    // The session starts once every factor is in.
    if (account.user.mfaRequired) {
      flow.signedIn = signedIn;
      return mfaPage(flow, signedIn);
    }
    return withSession(ctx, flow, signedIn);
  };

  const loginRoute: EmulatorRouteHandler = (ctx) => {
    const flow = flows.get(ctx.form.get('flow') ?? '');
    if (!flow || flow.expiresAt <= ctx.now()) return signInPages.error(userFlowErrors.flowExpired().message);
    ctx.note({ clientId: flow.start.app.clientId });
    const action = ctx.form.get('action');
    const { signedIn } = flow;
    if (ctx.form.get('step') !== flow.step) return currentPage(ctx, flow);
    if (flow.step === 'sign-in' || !signedIn) return signInPost(ctx, flow);
    switch (flow.step) {
      case 'pick':
        return action === 'use-account' ? signedInStep(ctx, flow, signedIn) : signInPage(flow);
      case 'mfa':
        if (action !== 'mfa-approve') return decline(ctx, flow, userFlowErrors.mfaDenied());
        return withSession(ctx, flow, { ...signedIn, amr: [...signedIn.amr, 'mfa'] });
      case 'confirm':
        if (action !== 'continue') return decline(ctx, flow, userFlowErrors.authorizationDeclined());
        return consentStep(ctx, flow, signedIn);
      default:
        if (action !== 'accept') return decline(ctx, flow, userFlowErrors.consentDeclined());
        services.consent.grant(
          signedIn.account.user.key,
          flow.start.app.clientId,
          flow.start.scopes.resources,
        );
        return finish(ctx, flow, signedIn);
    }
  };

  return { start, session, loginRoute };
}
