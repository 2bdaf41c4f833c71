// What the browser flows (pop-up and redirect) share: the request, the values one sign-in keeps until its answer
// (PKCE verifier, state, nonce), reading the answer from a URL, and what a finished sign-in hands to redemption.
import { AzureAuthorityHosts } from '@identity/core';
import {
  type AuthorizeCodeResponse,
  buildAuthorizeUrl,
  createPkcePair,
  randomBase64Url,
} from '@identity/core/internal';
import { INTERACTIVE_BROWSER_CREDENTIAL } from './interactive-browser-errors.js';

/**
 * A sign-in from a web page (a single-page app registered with "Single-page application" redirect URIs).
 *
 * @example
 * ```ts
 * const request: BrowserSignInRequest = {
 *   tenantId: 'organizations',
 *   clientId: '00000000-0000-0000-0000-000000000000',
 *   scopes: ['https://graph.microsoft.com/User.Read'],
 * };
 * ```
 */
export interface BrowserSignInRequest {
  /** The tenant to sign in to: an id, a domain, `organizations` or `common`. */
  tenantId: string;
  /** The SPA app registration's application (client) id. */
  clientId: string;
  /** The caller's scopes; `openid`, `profile` and `offline_access` are added. */
  scopes: readonly string[];
  /** Default `https://login.microsoftonline.com`. */
  authorityHost?: string;
  /** Where Entra sends the user back; registered as a SPA redirect URI. Default: the page's origin. */
  redirectUri?: string;
  /** Prefills the account (prompt `login`); without it the account picker shows (prompt `select_account`). */
  loginHint?: string;
  /** Overrides the prompt chosen from `loginHint`. */
  prompt?: 'login' | 'select_account' | 'consent' | 'none';
  /** A claims request (a claims challenge, with the CAE capability merged in). */
  claims?: string;
  /** Where the answer comes back in the URL: `fragment` (default: never sent to a server) or `query`. */
  responseMode?: 'fragment' | 'query';
  /** Names the caller in errors. Default `InteractiveBrowserCredential`. */
  credentialName?: string;
}

/**
 * What one sign-in keeps until its answer arrives: the request as sent, and its secrets.
 *
 * @example
 * ```ts
 * const { url, pending }: { url: string; pending: PendingSignIn } = await prepareSignIn(request, 'popup', location.origin);
 * ```
 */
export interface PendingSignIn {
  /** The credential named in errors and logs. */
  credentialName: string;
  /** The Entra ID host, without a trailing slash. */
  authorityHost: string;
  /** The tenant signed in to. */
  tenantId: string;
  /** The application (client) id. */
  clientId: string;
  /** The scopes asked for, `openid`, `profile` and `offline_access` included. */
  scopes: string[];
  /** The redirect URI Entra sends the answer to. */
  redirectUri: string;
  /** Where the answer comes in the redirect URI: its `fragment` or its `query`. */
  responseMode: 'fragment' | 'query';
  /** Starts with `popup.` or `redirect.`, so the redirect page knows which flow an answer belongs to. */
  state: string;
  /** The nonce the ID token must carry. */
  nonce: string;
  /** The PKCE verifier: secret, sent only with the code to the token endpoint. */
  codeVerifier: string;
}

/**
 * A finished sign-in: the code and everything its redemption at the token endpoint needs (`code`, `codeVerifier`,
 * `redirectUri`, `clientId`, `scopes`, at `authorityHost`/`tenantId`), plus the `nonce` the ID token must carry.
 *
 * @example
 * ```ts
 * const result: BrowserSignInResult = await signInWithPopup(request);
 * // POST {authorityHost}/{tenantId}/oauth2/v2.0/token: grant_type=authorization_code, code, code_verifier, redirect_uri...
 * ```
 */
export interface BrowserSignInResult extends AuthorizeCodeResponse, Omit<PendingSignIn, 'state'> {}

/**
 * The two browser flows, by the prefix of their `state`.
 *
 * @example
 * ```ts
 * const kind: BrowserSignInKind = state.startsWith('popup.') ? 'popup' : 'redirect';
 * ```
 */
export type BrowserSignInKind = 'popup' | 'redirect';

/**
 * The `BroadcastChannel` a redirect page forwards a pop-up's answer on (same origin only).
 *
 * @example
 * ```ts
 * new BroadcastChannel(SIGN_IN_CHANNEL).postMessage({ state, response });
 * ```
 */
export const SIGN_IN_CHANNEL = '@identity/interactive-browser:sign-in';

/**
 * Makes one sign-in: a fresh PKCE pair, `state` (prefixed with the flow's kind) and `nonce`, and the authorize URL
 * (checked by `buildAuthorizeUrl`, which throws an `InvalidArgumentError` for a bad value).
 *
 * @example
 * ```ts
 * const { url, pending } = await prepareSignIn(request, 'redirect', location.origin);
 * sessionStorage.setItem(key, JSON.stringify(pending));
 * location.assign(url);
 * ```
 */
export async function prepareSignIn(
  request: BrowserSignInRequest,
  kind: BrowserSignInKind,
  defaultRedirectUri: string,
): Promise<{
  /** The authorize URL to open (in a pop-up, or by navigating the page). */
  url: string;
  /** What to keep until the answer comes back. */
  pending: PendingSignIn;
}> {
  const pkce = await createPkcePair();
  const pending: PendingSignIn = {
    credentialName: request.credentialName ?? INTERACTIVE_BROWSER_CREDENTIAL,
    authorityHost: (request.authorityHost ?? AzureAuthorityHosts.AzurePublicCloud).replace(/\/+$/, ''),
    tenantId: request.tenantId,
    clientId: request.clientId,
    scopes: [...request.scopes],
    redirectUri: request.redirectUri ?? defaultRedirectUri,
    responseMode: request.responseMode ?? 'fragment',
    state: `${kind}.${randomBase64Url()}`,
    nonce: randomBase64Url(),
    codeVerifier: pkce.verifier,
  };
  const url = buildAuthorizeUrl({
    ...pending,
    loginHint: request.loginHint,
    prompt: request.prompt,
    claims: request.claims,
    codeChallenge: pkce.challenge,
  });
  return { url, pending };
}

/**
 * The answer parameters of a URL: its fragment when that carries `state`, `code` or `error`, else its query
 * (Entra answers in the mode asked for, but errors about the mode itself come in the query).
 *
 * @example
 * ```ts
 * answerParams(new URL('https://app.example/#code=1.x&state=popup.y')).get('code'); // '1.x'
 * ```
 */
export function answerParams(url: URL): URLSearchParams {
  return new URLSearchParams(inFragment(url) ? url.hash.slice(1) : url.search);
}

function inFragment(url: URL): boolean {
  const fragment = new URLSearchParams(url.hash.slice(1));
  return fragment.has('state') || fragment.has('code') || fragment.has('error');
}

// The parameters of an answer, removed from the address bar (and so from history) once it is read.
const ANSWER_PARAMETERS = [
  'code',
  'state',
  'client_info',
  'session_state',
  'error',
  'error_description',
  'error_subcode',
  'error_uri',
];

/**
 * The URL without the answer: the fragment dropped if it held the answer, else the answer's query parameters.
 *
 * @example
 * ```ts
 * history.replaceState(history.state, '', withoutAnswer(new URL(location.href)));
 * ```
 */
export function withoutAnswer(url: URL): string {
  const clean = new URL(url.href);
  if (inFragment(url)) clean.hash = '';
  else for (const name of ANSWER_PARAMETERS) clean.searchParams.delete(name);
  return clean.href;
}

/**
 * The result of a finished sign-in.
 *
 * @example
 * ```ts
 * return signInResult(pending, readAuthorizeResponse(params, { state: pending.state, credentialName }));
 * ```
 */
export function signInResult(pending: PendingSignIn, response: AuthorizeCodeResponse): BrowserSignInResult {
  const { state: _state, ...request } = pending;
  return { ...request, ...response };
}
