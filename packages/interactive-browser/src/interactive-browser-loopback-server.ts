// The Node side of an interactive sign-in: a one-shot HTTP server on the loopback interface that receives Entra's
// answer at the redirect URI (RFC 8252 §7.3), shows the user a short page, and closes. It takes exactly one answer:
// the one carrying this sign-in's `state`. In every outcome (code, Entra error, forged answer, timeout, abort,
// close) both listening sockets and every connection are closed before the outcome is reported.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AbortSignalLike } from '@identity/core';
import { AuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import {
  type AuthorizeCodeResponse,
  isAuthorizeResponse,
  readAuthorizeResponse,
  troubleshooting,
} from '@identity/core/internal';
import {
  INTERACTIVE_BROWSER_ANCHOR,
  INTERACTIVE_BROWSER_CREDENTIAL,
  signInAbortedError,
  signInTimeout,
  signInTimeoutError,
} from './interactive-browser-errors.js';
import { PAGE_TEXT, type SignInPageMessages, sendPage } from './interactive-browser-loopback-pages.js';
import {
  type LoopbackEndpoint,
  parseLoopbackRedirectUri,
} from './interactive-browser-loopback-redirect-uri.js';

/**
 * The largest form body accepted: Entra's form_post (code, state, client_info, session_state) is a few KiB.
 *
 * @example
 * ```ts
 * MAX_ANSWER_BYTES; // 65536
 * ```
 */
export const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * What {@link listenForAuthorizeResponse} takes.
 *
 * @example
 * ```ts
 * const options: LoopbackListenerOptions = { state: randomBase64Url(), timeoutInMs: 120_000 };
 * ```
 */
export interface LoopbackListenerOptions extends SignInPageMessages {
  /** The `state` the authorize URL carries; only an answer with exactly this state completes the sign-in. */
  state: string;
  /**
   * Where to listen: `http://localhost` or `http://127.0.0.1`, with a port to use that port (default: a free one)
   * and a path to answer there (default `/`). It must be registered on the app (Entra matches loopback URIs on
   * any port). Default `http://localhost`.
   */
  redirectUri?: string;
  /** How long to wait for the answer. Default 5 minutes. */
  timeoutInMs?: number;
  /** Stops the wait: the response rejects with an `AbortError` and the server closes. */
  abortSignal?: AbortSignalLike;
  /** Names the caller in errors. Default `InteractiveBrowserCredential`. */
  credentialName?: string;
}

/**
 * A listening loopback server waiting for one sign-in answer.
 *
 * @example
 * ```ts
 * const listener = await listenForAuthorizeResponse({ state });
 * try {
 *   await openBrowser(buildAuthorizeUrl({ ...request, redirectUri: listener.redirectUri, responseMode: 'form_post' }));
 *   const { code, clientInfo } = await listener.response;
 * } finally {
 *   await listener.close();
 * }
 * ```
 */
export interface LoopbackListener {
  /** The redirect URI to send, with the port listened on: the authorize URL and the code redemption use it. */
  readonly redirectUri: string;
  /**
   * Settles once, after the server has closed: the code (state checked), or an `AuthenticationError` (Entra's
   * error, a forged answer, the timeout), or an `AbortError` (the signal, or `close()` before an answer).
   */
  readonly response: Promise<AuthorizeCodeResponse>;
  /** Stops waiting and closes the server (safe to call at any time, and twice). */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Listens on the loopback interface for the redirect of one sign-in. With `http://localhost` (the default, what app
 * registrations and MSAL use) it listens on 127.0.0.1 and, where the machine has IPv6, on [::1] at the same port:
 * browsers may resolve `localhost` to either, and holding both means no other program can take the other one and
 * receive the code. With `http://127.0.0.1` it listens on that address only.
 *
 * It accepts the answer as Entra's `form_post` (a POST of `application/x-www-form-urlencoded`) or, as a fallback,
 * in the query string of a GET, at the redirect URI's path. Requests whose `Host` is not a loopback name
 * (`localhost`, `127.0.0.1`, `[::1]` with the port: a DNS-rebinding web page) get 421, a request target that is no
 * URL 400, other paths 404, other methods 405, bodies over {@link MAX_ANSWER_BYTES} 413, and requests carrying no
 * `code` or `error` 400; none of these ends the wait. The
 * first request that carries an answer ends it: with the code if its `state` is this sign-in's (the success page),
 * with Entra's error (the error page), or, if its state is wrong or missing, with a `state_mismatch` error (a 400
 * page), since a forged or stale answer means this sign-in can no longer be trusted.
 *
 * Throws an `InvalidArgumentError` for a bad option, a `CredentialUnavailableError` when the port of `redirectUri`
 * is taken, and an `AbortError` when the signal has already fired.
 *
 * @example
 * ```ts
 * const state = randomBase64Url();
 * const listener = await listenForAuthorizeResponse({ state, successMessage: 'Signed in. Back to the terminal!' });
 * // listener.redirectUri === 'http://localhost:53123'
 * ```
 */
export async function listenForAuthorizeResponse(
  options: LoopbackListenerOptions,
): Promise<LoopbackListener> {
  const credentialName = options.credentialName ?? INTERACTIVE_BROWSER_CREDENTIAL;
  const endpoint = parseLoopbackRedirectUri(credentialName, options.redirectUri);
  const timeoutInMs = signInTimeout(credentialName, options.timeoutInMs);
  if (typeof options.state !== 'string' || !options.state) {
    throw new InvalidArgumentError(
      `${credentialName}: state is missing. ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
    );
  }
  const { abortSignal } = options;
  if (abortSignal?.aborted) throw signInAbortedError(credentialName);

  const servers: Server[] = [];
  let closing: Promise<void> | undefined;
  const closeAll = () => {
    closing ??= Promise.all(servers.map(closeServer)).then(() => undefined);
    return closing;
  };

  let resolveResponse!: (response: AuthorizeCodeResponse) => void;
  let rejectResponse!: (error: unknown) => void;
  const response = new Promise<AuthorizeCodeResponse>((resolve, reject) => {
    resolveResponse = resolve;
    rejectResponse = reject;
  });
  // A caller that closes without awaiting the response must not get an unhandled rejection.
  response.catch(() => {});

  // The outcome is decided once: by the first request carrying an answer, the timeout, the signal or close().
  let outcome: AuthorizeCodeResponse | Error | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => void finish(decide(signInAbortedError(credentialName)));
  function decide(chosen: AuthorizeCodeResponse | Error): AuthorizeCodeResponse | Error {
    outcome ??= chosen;
    clearTimeout(timer);
    abortSignal?.removeEventListener('abort', onAbort);
    return outcome;
  }
  // Reports the decided outcome, once the sockets are gone.
  let reported = false;
  async function finish(decided: AuthorizeCodeResponse | Error): Promise<void> {
    await closeAll();
    if (reported) return;
    reported = true;
    if (decided instanceof Error) rejectResponse(decided);
    else resolveResponse(decided);
  }

  // The port listened on (set once listening, before any request can arrive).
  let port = 0;
  const answer = (res: ServerResponse, given: URLSearchParams) => {
    // The error an app prints carries the answer's text: its control characters (escape sequences that drive a
    // terminal) become spaces, read where the form encoding writes them all as %XX; line breaks (%0A) stay, as
    // Entra's ids are on lines of their own.
    const params = new URLSearchParams(`${given}`.replace(/%(0[^A]|1.|7F|C2%[89].)/g, '+'));
    if (!isAuthorizeResponse(params)) return sendPage(res, 400, 'Nothing to do here', [PAGE_TEXT.notAnswer]);
    if (outcome) return sendPage(res, 409, 'Sign-in over', [PAGE_TEXT.notAnswer]);
    let read: AuthorizeCodeResponse | Error;
    try {
      read = readAuthorizeResponse(params, {
        state: options.state,
        credentialName,
        anchor: INTERACTIVE_BROWSER_ANCHOR,
      });
    } catch (error) {
      read = error as Error;
    }
    const decided = decide(read);
    const done = () => void finish(decided);
    if (!AuthenticationError.isInstance(decided)) {
      return sendPage(res, 200, 'Signed in', [options.successMessage ?? PAGE_TEXT.success], done);
    }
    const { error, errorDescription } = decided.errorResponse;
    if (error === 'state_mismatch') return sendPage(res, 400, 'Sign-in stopped', [PAGE_TEXT.stale], done);
    // Entra's text, its first line (the others are ids), so the user sees why.
    const reason = `${error}: ${errorDescription.split('\n')[0]?.trim()}`;
    return sendPage(res, 200, 'Sign-in failed', [options.errorMessage ?? PAGE_TEXT.error, reason], done);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // A browser names this server as the redirect URI does (`localhost` or `127.0.0.1`, with the port). Any other
    // name is a web page that pointed a DNS name of its own at the loopback address (DNS rebinding): refused,
    // without ending the wait.
    if (!isLoopbackHost(req.headers.host, port)) {
      return sendPage(res, 421, 'Wrong address', [PAGE_TEXT.notAnswer]);
    }
    // A request target that is no URL (`GET http://[ HTTP/1.1`, which Node's parser lets through) is refused; it
    // must not throw out of the handler, where it would end the app's process.
    const url = URL.canParse(req.url ?? '/', 'http://localhost')
      ? new URL(req.url ?? '/', 'http://localhost')
      : undefined;
    if (!url) return sendPage(res, 400, 'Bad request', [PAGE_TEXT.notAnswer]);
    if (url.pathname !== endpoint.path) return sendPage(res, 404, 'Not found', [PAGE_TEXT.notAnswer]);
    if (req.method === 'GET') return answer(res, url.searchParams);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      return sendPage(res, 405, 'Method not allowed', [PAGE_TEXT.notAnswer]);
    }
    const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      return sendPage(res, 415, 'Unsupported form', [PAGE_TEXT.notAnswer]);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      // Refused at once; the connection closes after the page.
      else if (!res.headersSent) sendPage(res, 413, 'Too large', [PAGE_TEXT.notAnswer], () => req.destroy());
    });
    req.on('end', () => {
      if (size <= MAX_ANSWER_BYTES) answer(res, new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    });
  };

  // Dual-stack for localhost: the port of 127.0.0.1 (free, or the one asked for) taken on ::1 as well. A free port
  // whose ::1 twin is busy is given up for another.
  // node:http loads only when a sign-in needs the server, not when the package is imported.
  const { createServer } = await import('node:http');
  for (let attempt = 1; ; attempt++) {
    const v4 = createServer(handle);
    try {
      await listen(v4, endpoint.port, '127.0.0.1');
      port = (v4.address() as AddressInfo).port;
    } catch (error) {
      throw portError(credentialName, endpoint, error);
    }
    servers.push(v4);
    if (endpoint.host === '127.0.0.1') break;
    const v6 = createServer(handle);
    try {
      await listen(v6, port, '::1');
      servers.push(v6);
      break;
    } catch (error) {
      // No IPv6 loopback on this machine: 127.0.0.1 alone is all that localhost can reach here.
      if (errorCode(error) === 'EADDRNOTAVAIL' || errorCode(error) === 'EAFNOSUPPORT') break;
      await closeServer(v4);
      servers.length = 0;
      if (endpoint.port !== 0 || attempt === 5) throw portError(credentialName, endpoint, error);
    }
  }
  for (const server of servers) server.on('error', (error) => void finish(decide(error)));
  if (abortSignal?.aborted) {
    await closeAll();
    throw signInAbortedError(credentialName);
  }
  timer = setTimeout(() => void finish(decide(signInTimeoutError(credentialName, timeoutInMs))), timeoutInMs);
  abortSignal?.addEventListener('abort', onAbort, { once: true });
  return {
    redirectUri: endpoint.uri(port),
    response,
    close: () => finish(decide(signInAbortedError(credentialName))),
  };
}

// The Host header of a request for this server: `localhost`, `127.0.0.1` or `[::1]` (any case) with its port, or
// without a port when that is 80 (browsers leave the default port out). Never a name a web page could own.
function isLoopbackHost(host: string | undefined, port: number): boolean {
  const match = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d+))?$/i.exec(host ?? '');
  return match !== null && Number(match[2] ?? 80) === port;
}

/**
 * The error of a loopback port that could not be listened on: taken (`EADDRINUSE`) or not allowed (`EACCES`, a port
 * below 1024 for a process that is not an administrator) becomes a `CredentialUnavailableError` naming the port and
 * `redirectUri`; any other error is returned as it is.
 *
 * @example
 * ```ts
 * throw portError('InteractiveBrowserCredential', parseLoopbackRedirectUri(name, 'http://localhost:80'), error);
 * ```
 */
export function portError(credentialName: string, endpoint: LoopbackEndpoint, cause: unknown): Error {
  const code = errorCode(cause);
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return cause as Error;
  const where = endpoint.port ? `port ${endpoint.port} of redirectUri` : 'a free loopback port';
  const why = code === 'EACCES' ? 'below 1024, administrator rights are needed' : 'another program holds it';
  return new CredentialUnavailableError(
    `${credentialName}: could not listen on ${where} (${code}: ${why}). Name another port in redirectUri, or leave the port out to use any free port. ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
    { cause },
  );
}
