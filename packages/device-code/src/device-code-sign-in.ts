// A device-code sign-in (RFC 8628): ask the tenant's device-code endpoint for the codes, show the user where to
// type theirs, then poll the token endpoint every `interval` until the user has signed in, declined, or the code
// expired. `authorization_pending` keeps polling; `slow_down` keeps polling 5 seconds slower, for good (RFC 8628
// §3.5; MSAL gives up instead). Entra's own answers (declined, expired) end it as they are: AuthenticationErrors
// with Entra's `error` and AADSTS code.
import { AbortError, AuthenticationError } from '@identity/core';
import type { SignInContext, UserTokens } from '@identity/core/internal';
import { describeBody } from '@identity/core/internal';
import type { DeviceCodePromptCallback } from './device-code-credential-options.js';

/**
 * The grant type of device-code polling (RFC 8628 §3.4).
 *
 * @example
 * ```ts
 * context.requestTokens({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code });
 * ```
 */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

// A positive number of seconds, from a number or a numeric string (Entra's v1 endpoint sends strings).
const seconds = (value: unknown) => (Number(value) > 0 ? Number(value) : undefined);

// Bounds on what the device-code answer asks for, so that no answer makes the credential poll without pause
// (`interval` 0.0001), or for ever (`expires_in` 1e400, which parses as Infinity: a timer of Infinity fires at
// once in every runtime). Entra's codes live 15 minutes and ask for 5 seconds between polls.
const MIN_INTERVAL_SECONDS = 1;
const MAX_INTERVAL_SECONDS = 60;
const MAX_EXPIRES_IN_SECONDS = 3600;
const within = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

/**
 * Signs the user in with a device code: requests the codes (as the context's client, with its name and anchor in
 * every error), calls `prompt` with them, and polls until the user
 * signs in (the tokens), declines (`authorization_declined`) or lets the code expire (`expired_token`, also when
 * `expires_in` passes before Entra says so: code `AUTHENTICATION_REQUEST_TIMEOUT`). The answer's `interval` is held
 * between 1 and 60 seconds and its `expires_in` to at most an hour, so no answer makes it poll without pause or for
 * ever. A `prompt` that throws, or returns a promise that rejects (the user never saw the code), ends the sign-in
 * with its error. The caller's abort stops the wait at once and sends nothing more.
 *
 * @throws `AuthenticationError` for a refusal or an expired code, `AbortError` when the caller aborts
 * @example
 * ```ts
 * client.getToken(scopes, options, (context) => signInWithDeviceCode(context, (info) => console.error(info.message)));
 * ```
 */
export async function signInWithDeviceCode(
  context: SignInContext,
  prompt: DeviceCodePromptCallback,
): Promise<UserTokens> {
  const { clock, abortSignal: signal, credentialName, anchor } = context;
  const requestedAt = clock.now();
  const form: Record<string, string> = { client_id: context.clientId, scope: context.scopes.join(' ') };
  if (context.claims) form.claims = context.claims;
  // `{tenant}/oauth2/v2.0/devicecode` (ADFS: `adfs/oauth2/devicecode`), beside the token endpoint.
  const body = await context.post(context.tokenUrl.replace(/token$/, 'devicecode'), form);
  let answer: Record<string, unknown> = {};
  try {
    answer = JSON.parse(body) ?? {};
  } catch {}
  const { device_code: deviceCode, user_code: userCode } = answer;
  // Entra's v2 endpoint says verification_uri; its v1 endpoint and ADFS verification_url.
  const verificationUri = answer.verification_uri ?? answer.verification_url;
  const expiresIn = seconds(answer.expires_in);
  if (
    typeof deviceCode !== 'string' ||
    typeof userCode !== 'string' ||
    typeof verificationUri !== 'string' ||
    !expiresIn
  ) {
    throw new AuthenticationError(
      200,
      { error: 'invalid_response', error_description: describeBody(body) },
      { credentialName, anchor, code: 'INVALID_RESPONSE', secrets: [deviceCode as string] },
    );
  }
  const expiresOnTimestamp = requestedAt + Math.min(expiresIn, MAX_EXPIRES_IN_SECONDS) * 1000;
  // The waits stop when the caller aborts, and when the prompt fails.
  const stop = new AbortController();
  const forward = () => stop.abort();
  if (signal?.aborted) stop.abort();
  signal?.addEventListener('abort', forward, { once: true });
  let promptFailure: { error: unknown } | undefined;
  try {
    const shown: unknown = prompt({
      userCode,
      verificationUri,
      message:
        typeof answer.message === 'string'
          ? answer.message
          : `Open ${verificationUri} and enter the code ${userCode}.`,
      expiresOnTimestamp,
    });
    // An async prompt's rejection is the sign-in's: left alone, it would be unhandled (and end a Node process).
    if (isThenable(shown)) {
      shown.then(undefined, (error: unknown) => {
        promptFailure = { error };
        stop.abort();
      });
    }
    return await poll(context, deviceCode, expiresOnTimestamp, answer.interval, stop.signal, () => {
      if (promptFailure) throw promptFailure.error;
    });
  } finally {
    signal?.removeEventListener('abort', forward);
  }
}

// Polls the token endpoint every interval until the user has signed in, declined, or the code expired.
async function poll(
  context: SignInContext,
  deviceCode: string,
  expiresOnTimestamp: number,
  askedInterval: unknown,
  stop: AbortSignal,
  checkPrompt: () => void,
): Promise<UserTokens> {
  const { clock, abortSignal: signal, credentialName, anchor } = context;
  let interval = within(seconds(askedInterval) ?? 5, MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS) * 1000;
  for (;;) {
    // Never past the code's expiry: a poll after it could only hear expired_token.
    await clock
      .sleep(Math.max(0, Math.min(interval, expiresOnTimestamp - clock.now())), stop)
      .catch((error: unknown) => {
        checkPrompt();
        throw signal?.aborted ? new AbortError(undefined, { cause: error }) : error;
      });
    checkPrompt();
    if (clock.now() >= expiresOnTimestamp) {
      throw new AuthenticationError(
        0,
        { error: 'expired_token', error_description: 'The device code expired before the user signed in' },
        {
          credentialName,
          anchor,
          code: 'AUTHENTICATION_REQUEST_TIMEOUT',
          nextStep: 'Call getToken or authenticate again for a new code.',
        },
      );
    }
    try {
      return await context.requestTokens({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: deviceCode });
    } catch (error) {
      const answered = AuthenticationError.isInstance(error) && error.errorResponse.error;
      if (answered === 'slow_down') interval += 5000;
      else if (answered !== 'authorization_pending') throw error;
    }
  }
}

/**
 * The prompt when none is given: Entra's message on standard error (where a command-line tool's output does not
 * mix with it), without its control characters (a hostile server's terminal escape sequences).
 *
 * @example
 * ```ts
 * const prompt = options.userPromptCallback ?? printDeviceCodeMessage;
 * ```
 */
export function printDeviceCodeMessage(info: { message: string }): void {
  // The message is the server's text: its control characters (terminal escape sequences that clear the screen,
  // retitle the window or hide text) are dropped; line breaks and tabs stay.
  console.error(
    info.message
      // Whole sequences first (CSI `ESC [ ... letter`, OSC `ESC ] ... BEL or ESC \`), then any control left.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ''),
  );
}
