import { connect, createServer as createNetServer, type Socket } from 'node:net';
import {
  AbortError,
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
import { closedPort } from '@identity/tooling/test-closed-port';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptsConnections, expectNoServerAt } from '../test/interactive-browser-test-support.js';
import { parseLoopbackRedirectUri } from './interactive-browser-loopback-redirect-uri.js';
import {
  type LoopbackListener,
  type LoopbackListenerOptions,
  listenForAuthorizeResponse,
  MAX_ANSWER_BYTES,
  portError,
} from './interactive-browser-loopback-server.js';

const state = 'state-of-this-sign-in-0123456789';
const anchors = guideAnchors();
const listeners: LoopbackListener[] = [];

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
});

async function listen(options: Partial<LoopbackListenerOptions> = {}): Promise<LoopbackListener> {
  const listener = await listenForAuthorizeResponse({ state, ...options });
  listeners.push(listener);
  return listener;
}

const portOf = (listener: LoopbackListener) => Number(new URL(listener.redirectUri).port);

/** Posts a form as Entra's form_post page does. */
function formPost(listener: LoopbackListener, fields: Record<string, string>, path = '') {
  return fetch(`${listener.redirectUri}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error,
  );
  expect(messageProblems(error.message, anchors).filter((p) => !p.includes('0 troubleshooting'))).toEqual([]);
  return error;
}

describe('listenForAuthorizeResponse', () => {
  it('listens on http://localhost at a free port, on 127.0.0.1 and on ::1 alike', async () => {
    const listener = await listen();
    expect(listener.redirectUri).toMatch(/^http:\/\/localhost:\d+$/);
    expect(await acceptsConnections('127.0.0.1', portOf(listener))).toBe(true);
    expect(await acceptsConnections('::1', portOf(listener))).toBe(true);
  });

  it('takes the form_post answer: shows the success page (without the code) and resolves with the code', async () => {
    const listener = await listen({ successMessage: 'Signed in to <Contoso> CLI & co.' });
    const page = await formPost(listener, {
      code: '1.the-authorization-code',
      state,
      client_info: 'eyJ1aWQiOiJ1IiwidXRpZCI6InQifQ',
      session_state: 'sid',
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('Signed in to &#60;Contoso&#62; CLI &#38; co.');
    expect(html).not.toContain('<Contoso>');
    expect(html).not.toContain('the-authorization-code');
    await expect(listener.response).resolves.toEqual({
      code: '1.the-authorization-code',
      clientInfo: 'eyJ1aWQiOiJ1IiwidXRpZCI6InQifQ',
      sessionState: 'sid',
    });
    await expectNoServerAt(listener.redirectUri);
  });

  it('takes the answer in the query string as a fallback, over IPv6 too', async () => {
    const listener = await listen();
    const page = await fetch(`http://[::1]:${portOf(listener)}/?code=1.query-code&state=${state}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Authentication complete.');
    await expect(listener.response).resolves.toEqual({ code: '1.query-code' });
    await expectNoServerAt(listener.redirectUri);
  });

  it('turns Entra’s error into an AuthenticationError, and shows the error page with Entra’s text', async () => {
    const listener = await listen({ errorMessage: 'Contoso CLI could not sign you in.' });
    const description =
      'AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 7c1d\r\nCorrelation ID: 4e2a\r\nTimestamp: 2026-11-28 10:00:00Z';
    const page = await formPost(listener, { error: 'access_denied', error_description: description, state });
    const html = await page.text();
    expect(html).toContain('Contoso CLI could not sign you in.');
    expect(html).toContain('access_denied: AADSTS65004: User declined to consent to access the app.');
    expect(html).not.toContain('Trace ID');
    const error = await failure(listener.response);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).errorResponse).toMatchObject({
      error: 'access_denied',
      errorCodes: [65004],
      correlationId: '4e2a',
    });
    await expectNoServerAt(listener.redirectUri);
  });

  it('keeps control characters of an answer (terminal escape sequences) out of the error, Entra’s ids still read', async () => {
    const listener = await listen();
    const description =
      'AADSTS50011: Bad\u001b]0;owned\u0007 \u001b[2Jredirect\rall good\u009b31m.\r\nTrace ID: 7c1d\r\nCorrelation ID: 4e2a';
    await formPost(listener, { error: 'invalid_request\u001b[31m', error_description: description, state });
    const error = (await failure(listener.response)) as AuthenticationError;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not be there.
    const control = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
    expect(error.message).not.toMatch(control);
    expect(error.message).toContain('AADSTS50011: Bad');
    expect(error.message).toContain('all good');
    expect(error.errorResponse.error).not.toMatch(control);
    expect(error.errorResponse.errorDescription).not.toMatch(control);
    expect(error.errorResponse).toMatchObject({
      errorCodes: [50011],
      traceId: '7c1d',
      correlationId: '4e2a',
    });
  });

  it.each([
    ['a wrong state', { code: '1.forged', state: 'not-the-state' }],
    ['no state', { code: '1.forged' }],
  ])(
    'ends the sign-in on an answer with %s: a 400 page, a state_mismatch error, no server left',
    async (_, fields) => {
      const listener = await listen();
      const page = await formPost(listener, fields);
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('does not belong to the sign-in in progress');
      const error = await failure(listener.response);
      expect((error as AuthenticationError).errorResponse.error).toBe('state_mismatch');
      expect(error.message).not.toContain('1.forged');
      await expectNoServerAt(listener.redirectUri);
    },
  );

  it('answers other requests without ending the wait, then still takes the real answer', async () => {
    const listener = await listen();
    const base = `http://127.0.0.1:${portOf(listener)}`;
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${base}/`)).status).toBe(400);
    expect((await fetch(`${base}/?state=${state}`)).status).toBe(400);
    const put = await fetch(`${base}/`, { method: 'PUT', body: `code=x&state=${state}` });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    const json = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'x', state }),
    });
    expect(json.status).toBe(415);
    const huge = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `state=${state}&code=${'x'.repeat(MAX_ANSWER_BYTES)}`,
    }).catch((error: unknown) => error as Error);
    // Refused with 413, or cut off while still sending: never taken as the answer.
    if (huge instanceof Response) expect(huge.status).toBe(413);
    expect(await acceptsConnections('127.0.0.1', portOf(listener))).toBe(true);

    await formPost(listener, { code: '1.real', state });
    await expect(listener.response).resolves.toEqual({ code: '1.real' });
  });

  it('refuses a request that names another host (a DNS-rebinding web page) without ending the wait', async () => {
    const listener = await listen();
    const port = portOf(listener);
    const forged = await rawRequest(
      port,
      `GET /?code=1.forged&state=wrong HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`,
    );
    expect(forged).toMatch(/^HTTP\/1\.1 421 /);
    const noHost = await rawRequest(port, 'GET /?code=1.forged&state=wrong HTTP/1.0\r\n\r\n');
    expect(noHost).toMatch(/^HTTP\/1\.1 421 /);
    // The browser's own names of the server still reach it.
    const page = await fetch(`http://127.0.0.1:${port}/?code=1.real&state=${state}`);
    expect(page.status).toBe(200);
    await expect(listener.response).resolves.toEqual({ code: '1.real' });
  });

  it('answers a request target that is no URL with 400 and keeps running (nothing thrown out of the server)', async () => {
    const listener = await listen();
    const port = portOf(listener);
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown) => thrown.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const answer = await rawRequest(
        port,
        `GET http://[ HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(thrown).toEqual([]);
    await formPost(listener, { code: '1.real', state });
    await expect(listener.response).resolves.toEqual({ code: '1.real' });
  });

  it('takes only the first answer: a later one, even with the right state, changes nothing', async () => {
    const listener = await listen();
    const first = await formPost(listener, { code: '1.first', state });
    expect(first.status).toBe(200);
    // Either still answered (409) or already refused: the server is closing.
    const later = await formPost(listener, { code: '1.later', state }).catch(() => undefined);
    expect(later === undefined || later.status === 409).toBe(true);
    await expect(listener.response).resolves.toEqual({ code: '1.first' });
  });

  it('gives up after timeoutInMs with an error naming the option, and closes', async () => {
    const listener = await listen({ timeoutInMs: 150 });
    const error = await failure(listener.response);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).code).toBe('AUTHENTICATION_REQUEST_TIMEOUT');
    expect(error.message).toContain('within 150 ms (the timeoutInMs option)');
    expect(error.message).toContain('pass a larger timeoutInMs');
    await expectNoServerAt(listener.redirectUri);
  });

  it('stops when the abort signal fires, with an AbortError, and closes', async () => {
    const controller = new AbortController();
    const listener = await listen({ abortSignal: controller.signal });
    controller.abort();
    const error = await listener.response.catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    await expectNoServerAt(listener.redirectUri);
  });

  it('does not start when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(listen({ abortSignal: controller.signal })).rejects.toSatisfy((e) =>
      AbortError.isInstance(e),
    );
  });

  it('close() stops the wait (the response rejects with an AbortError) and leaves no socket, idle ones included', async () => {
    const listener = await listen();
    // A browser keeps idle connections open; they must not keep the server alive.
    const idle: Socket = connect({ host: '127.0.0.1', port: portOf(listener) });
    await new Promise((resolve) => idle.once('connect', resolve));
    const idleClosed = new Promise((resolve) => idle.once('close', resolve));
    await listener.close();
    await listener.close();
    await expect(listener.response).rejects.toSatisfy((e) => AbortError.isInstance(e));
    await idleClosed;
    await expectNoServerAt(listener.redirectUri);
  });

  it('listens where a redirectUri with a port and a path says, and answers only at that path', async () => {
    const port = await closedPort();
    const listener = await listen({ redirectUri: `http://127.0.0.1:${port}/auth/callback` });
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${port}/auth/callback`);
    // 127.0.0.1 only: the URI names that address.
    expect(await acceptsConnections('::1', port)).toBe(false);
    expect((await formPost(listener, { code: '1.x', state }, '/../../')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/auth/callback/`)).status).toBe(404);
    await formPost(listener, { code: '1.callback', state });
    await expect(listener.response).resolves.toEqual({ code: '1.callback' });
    await expectNoServerAt(listener.redirectUri);
  });

  it('writes the redirectUri back as it was given, with the port it got', async () => {
    const written = async (redirectUri: string) => (await listen({ redirectUri })).redirectUri;
    expect(await written('http://localhost')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(await written('http://LOCALHOST/')).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(await written('http://127.0.0.1/cb')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cb$/);
  });

  it('refuses a port that another program holds, with a CredentialUnavailableError saying what to do', async () => {
    const holder = createNetServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const error = await failure(listen({ redirectUri: `http://localhost:${port}` }));
      expect(CredentialUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toContain(`port ${port} of redirectUri`);
      expect(error.message).toContain('leave the port out');
    } finally {
      holder.close();
    }
  });

  it('listens on port 80 when redirectUri names it, or says it cannot, naming the port and the option', async () => {
    // Port 80 held here (by this test, another program, or the system for a process that is not root): the
    // credential must not move to a free port the user did not name, whose redirect URI may not be registered.
    const holder = createNetServer().listen(80, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve).once('error', resolve));
    try {
      const error = await failure(listen({ redirectUri: 'http://127.0.0.1:80/cb' }));
      expect(CredentialUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/could not listen on port 80 of redirectUri \((EADDRINUSE|EACCES)\b/);
    } finally {
      holder.close();
    }
  });

  it.each([
    ['EADDRINUSE', 'another program holds it'],
    ['EACCES', 'below 1024, administrator rights are needed'],
  ])('explains %s on the port of redirectUri, and how to choose another', (code, why) => {
    const cause = Object.assign(new Error(`listen ${code} 127.0.0.1:80`), { code });
    const endpoint = parseLoopbackRedirectUri('InteractiveBrowserCredential', 'http://localhost:80');
    const error = portError('InteractiveBrowserCredential', endpoint, cause);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`could not listen on port 80 of redirectUri (${code}`);
    expect(error.message).toContain(why);
    expect(error.message).toContain('Name another port in redirectUri, or leave the port out');
    expect(messageProblems(error.message, anchors)).toEqual([]);
  });

  it.each([
    'https://localhost:8400',
    'http://[::1]:8400',
    'http://example.com:8400',
    'http://localhost:8400/?x=1',
    'http://localhost:8400/#x',
    'http://user:pass@localhost:8400',
    'localhost:8400',
  ])('refuses the redirectUri %s', async (redirectUri) => {
    const error = await failure(listen({ redirectUri }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toContain('redirectUri must be http://localhost or http://127.0.0.1');
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 31])('refuses timeoutInMs %s', async (timeoutInMs) => {
    await expect(listen({ timeoutInMs })).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e));
  });

  it.each([
    ['successMessage', { successMessage: 42 }, { code: '1.the-code', state }, '<p>42</p>'],
    [
      'errorMessage',
      { errorMessage: { toString: () => 'No <b>' } },
      { error: 'access_denied', state },
      '<p>No &#60;b&#62;</p>',
    ],
  ])(
    'shows a page text that is no string (a JavaScript caller’s %s) as text, where throwing would end the app',
    async (_, messages, answer, shown) => {
      const listener = await listen(messages as Partial<LoopbackListenerOptions>);
      const page = await formPost(listener, answer);
      expect(await page.text()).toContain(shown);
      await listener.response.catch(() => undefined);
      await expectNoServerAt(listener.redirectUri);
    },
  );

  it('refuses a missing state', async () => {
    await expect(listen({ state: '' })).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e));
  });
});

/** Sends one raw HTTP request (a browser would never send it) and returns the whole answer. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(request);
  });
}
