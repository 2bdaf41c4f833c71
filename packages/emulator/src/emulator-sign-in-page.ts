// The HTML of the sign-in experience: real forms with labels and stable element ids a browser test (or a
// plain HTTP test posting the forms) can rely on. Every value shown is escaped.
import type { EmulatorResponse } from './emulator-types.js';

/**
 * The element ids of the sign-in pages, a contract for browser tests: fill `#username` and `#password`,
 * click `#sign-in`, then `#mfa-approve` (users who need MFA), `#continue` (device code), `#accept` (consent).
 * Form fields post as `username`, `password`, `user_code`; the clicked button posts `action`.
 *
 * @example
 * ```ts
 * await page.fill(`#${SIGN_IN_ELEMENT_IDS.username}`, 'ada@contoso.example');
 * await page.fill(`#${SIGN_IN_ELEMENT_IDS.password}`, 'dev-password');
 * await page.click(`#${SIGN_IN_ELEMENT_IDS.signIn}`);
 * ```
 */
export const SIGN_IN_ELEMENT_IDS = Object.freeze({
  /** Every page's heading. */
  title: 'title',
  /** The alert holding an error (AADSTS code and text) on a re-rendered page. */
  error: 'error',
  /** The user name field. */
  username: 'username',
  /** The password field. */
  password: 'password',
  /** The sign-in button. */
  signIn: 'sign-in',
  /** Account picker (`prompt=select_account` with a session): the signed-in account, or another one. */
  useAccount: 'use-account',
  /** The account picker's "Use another account". */
  useAnotherAccount: 'use-another-account',
  /** Approves the second factor. */
  mfaApprove: 'mfa-approve',
  /** Denies the second factor. */
  mfaDeny: 'mfa-deny',
  /** The list of permissions on the consent page. */
  consentScopes: 'consent-scopes',
  /** Accepts the consent page. */
  accept: 'accept',
  /** Cancels the consent page. */
  cancel: 'cancel',
  /** Device code: the code field and its button, then "Are you trying to sign in to …?". */
  userCode: 'user-code',
  /** Submits the device code. */
  next: 'next',
  /** Confirms the device-code sign-in. */
  continue: 'continue',
  /** The final message of a device-code sign-in (signed in, or declined). */
  done: 'done',
});

const ids = SIGN_IN_ELEMENT_IDS;

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"x"</b>'); // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0}' +
  'main{max-width:26rem;margin:4rem auto;background:#fff;padding:2rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}' +
  'label{display:block;margin-top:1rem}input{width:100%;padding:.4rem;box-sizing:border-box}' +
  'button{margin-top:1.2rem;margin-right:.5rem;padding:.4rem 1.2rem}' +
  '[role=alert]{color:#a80000;margin-top:1rem}';

function page(title: string, content: string, status = 200): EmulatorResponse {
  const body =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>` +
    `<p>Identity emulator (local Entra ID)</p><h1 id="${ids.title}">${escapeHtml(title)}</h1>${content}</main></body></html>`;
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body,
  };
}

const alert = (error: string | undefined) =>
  error === undefined ? '' : `<p id="${ids.error}" role="alert">${escapeHtml(error)}</p>`;

const button = (id: string, label: string, value = id) =>
  `<button id="${id}" type="submit" name="action" value="${value}">${escapeHtml(label)}</button>`;

/**
 * Where a sign-in page posts and which flow it continues.
 *
 * @example
 * ```ts
 * const form: PageForm = { action: `/${tenant}/login`, flow: flow.id };
 * ```
 */
export interface PageForm {
  action: string;
  flow: string;
}

function form(target: PageForm, step: string, content: string): string {
  return (
    `<form method="post" action="${escapeHtml(target.action)}">` +
    `<input type="hidden" name="flow" value="${escapeHtml(target.flow)}">` +
    `<input type="hidden" name="step" value="${step}">${content}</form>`
  );
}

/**
 * The renderers of every page of the sign-in experience.
 *
 * @example
 * ```ts
 * return signInPages.signIn({ action, flow: flow.id }, { appName: app.displayName, username: loginHint });
 * ```
 */
export const signInPages = {
  signIn: (target: PageForm, view: { appName: string; username?: string; error?: string }) =>
    page(
      'Sign in',
      `<p>to continue to ${escapeHtml(view.appName)}</p>${alert(view.error)}` +
        form(
          target,
          'sign-in',
          `<label for="${ids.username}">Username</label>` +
            `<input id="${ids.username}" name="username" type="email" autocomplete="username" required value="${escapeHtml(view.username ?? '')}">` +
            `<label for="${ids.password}">Password</label>` +
            `<input id="${ids.password}" name="password" type="password" autocomplete="current-password" required>` +
            button(ids.signIn, 'Sign in'),
        ),
      view.error === undefined ? 200 : 400,
    ),

  pickAccount: (target: PageForm, view: { username: string }) =>
    page(
      'Pick an account',
      form(
        target,
        'pick',
        button(ids.useAccount, view.username) + button(ids.useAnotherAccount, 'Use another account'),
      ),
    ),

  mfa: (target: PageForm, view: { username: string }) =>
    page(
      'Approve sign in request',
      `<p>${escapeHtml(view.username)} must verify their identity with a second factor.</p>` +
        form(target, 'mfa', button(ids.mfaApprove, 'Approve') + button(ids.mfaDeny, 'Deny')),
    ),

  confirmDevice: (target: PageForm, view: { appName: string; username: string }) =>
    page(
      `Are you trying to sign in to ${view.appName}?`,
      `<p>Signed in as ${escapeHtml(view.username)}. Only continue if you started this sign-in on a device you trust.</p>` +
        form(target, 'confirm', button(ids.continue, 'Continue') + button(ids.cancel, 'Cancel')),
    ),

  consent: (target: PageForm, view: { appName: string; username: string; permissions: string[] }) =>
    page(
      'Permissions requested',
      `<p>${escapeHtml(view.appName)} wants to, for ${escapeHtml(view.username)}:</p>` +
        `<ul id="${ids.consentScopes}">${view.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` +
        form(target, 'consent', button(ids.accept, 'Accept') + button(ids.cancel, 'Cancel')),
    ),

  userCode: (view: { error?: string; userCode?: string }) =>
    page(
      'Enter code',
      `<p>Enter the code displayed on your app or device.</p>${alert(view.error)}` +
        `<form method="post" action="/devicelogin"><label for="${ids.userCode}">Code</label>` +
        `<input id="${ids.userCode}" name="user_code" autocomplete="off" required value="${escapeHtml(view.userCode ?? '')}">` +
        `<button id="${ids.next}" type="submit">Next</button></form>`,
      view.error === undefined ? 200 : 400,
    ),

  message: (title: string, message: string) => page(title, `<p id="${ids.done}">${escapeHtml(message)}</p>`),

  /** An error that cannot be sent to the app (unknown app, unregistered redirect URI...). */
  error: (message: string) => page('Sorry, but we’re having trouble signing you in.', alert(message), 400),

  /** `response_mode=form_post`: an auto-submitting form POSTing the response to the redirect URI. */
  formPost: (redirectUri: string, fields: Record<string, string>) => {
    const inputs = Object.entries(fields)
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('');
    return page(
      'Working...',
      `<form id="form-post" method="post" action="${escapeHtml(redirectUri)}">${inputs}` +
        `<noscript><button type="submit">Continue</button></noscript></form>` +
        `<script>document.getElementById('form-post').submit();</script>`,
    );
  },
};
