// The pages the loopback server shows in the user's browser at the end of a sign-in. Every text is escaped (the
// messages are the app's, the error text is Entra's), none repeats the authorization code, and the headers keep the
// page out of caches and referrers and let it load nothing.
import type { ServerResponse } from 'node:http';

/**
 * What the app shows at the end of a sign-in, as `@azure/identity`'s `browserCustomizationOptions`: plain text
 * (escaped here, never HTML).
 *
 * @example
 * ```ts
 * const messages: SignInPageMessages = { successMessage: 'Signed in to Contoso CLI. You can close this tab.' };
 * ```
 */
export interface SignInPageMessages {
  /** Shown after a successful sign-in. */
  successMessage?: string;
  /** Shown after Entra answered with an error (the error and its description follow it). */
  errorMessage?: string;
}

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"x"</b>'); // '&#60;b&#62;&#34;x&#34;&#60;/b&#62;'
 * ```
 */
export function escapeHtml(text: string): string {
  // As text whatever it is: a JavaScript caller's message that is no string must not throw in the server.
  return `${text}`.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  // One answer per connection: the server closes right after the sign-in, so no socket stays open.
  connection: 'close',
};

/**
 * Sends a small HTML page: a heading and paragraphs of text (escaped). `done` runs once the answer is over: sent,
 * or cut off by the browser.
 *
 * @example
 * ```ts
 * sendPage(res, 404, 'Not found', ['This address only receives the sign-in answer.']);
 * ```
 */
export function sendPage(
  res: ServerResponse,
  status: number,
  title: string,
  paragraphs: readonly string[],
  done?: () => void,
): void {
  const body =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}</style>' +
    `</head><body><h1 id="title">${escapeHtml(title)}</h1>` +
    paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('') +
    '</body></html>';
  if (done) res.once('close', done);
  res.writeHead(status, { ...HEADERS, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The default texts of the pages.
 *
 * @example
 * ```ts
 * sendPage(res, 200, messages.successMessage ?? PAGE_TEXT.success, []);
 * ```
 */
export const PAGE_TEXT = {
  success: 'Authentication complete. You can close this window and return to the application.',
  error: 'Authentication failed.',
  stale:
    'This sign-in answer does not belong to the sign-in in progress, so the sign-in was stopped. Start it again from the application.',
  notAnswer: 'This address only receives the answer of a sign-in.',
} as const;
