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
// (`interval` 0.0001) or for ever (`expires_in` 1e400, which parses as Infinity: a timer of Infinity fires at once
// in every runtime). Entra's codes live 15 minutes and ask for 5 seconds between polls.
const MIN_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 60_000;
const MAX_EXPIRES_IN_SECONDS = 3600;

/**
 * Signs the user in with a device code: requests the codes (as the context's client, with its name and anchor in
 * every error), calls `prompt` with them, and polls until the user
 * signs in (the tokens), declines (`authorization_declined`) or lets the code expire (`expired_token`, also when
 * `expires_in` passes before Entra says so: code `AUTHENTICATION_REQUEST_TIMEOUT`). The answer's `interval` is held
 * between 1 and 60 seconds and its `expires_in` to at most an hour, so no answer makes it poll without pause or for
 * ever. A `prompt` that throws, or returns a promise that rejects (the user never saw the code), ends the sign-in
 * with its error (a rejection, before the next poll). The caller's abort stops the wait at once and sends nothing
 * more.
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
      { error: 'invalid_response', error_description: describeBody(body, [deviceCode as string]) },
      { credentialName, anchor, code: 'INVALID_RESPONSE', secrets: [deviceCode as string] },
    );
  }
  const expiresOnTimestamp = requestedAt + Math.min(expiresIn, MAX_EXPIRES_IN_SECONDS) * 1000;
  let promptFailure: { error: unknown } | undefined;
  // An async prompt's rejection ends the sign-in: left alone, it would be unhandled (and end a Node process).
  Promise.resolve(
    prompt({
      userCode,
      verificationUri,
      message:
        typeof answer.message === 'string'
          ? answer.message
          : `Open ${verificationUri} and enter the code ${userCode}.`,
      expiresOnTimestamp,
    }),
  ).catch((error: unknown) => {
    promptFailure = { error };
  });
  let interval = Math.min(Math.max((seconds(answer.interval) ?? 5) * 1000, MIN_INTERVAL_MS), MAX_INTERVAL_MS);
  for (;;) {
    // Never past the code's expiry: a poll after it could only hear expired_token.
    await clock
      .sleep(Math.max(0, Math.min(interval, expiresOnTimestamp - clock.now())), signal)
      .catch((error: unknown) => {
        throw signal?.aborted ? new AbortError(undefined, { cause: error }) : error;
      });
    if (promptFailure) throw promptFailure.error;
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
  // The server's text, without control characters: an escape sequence without its ESC is inert text, so none
  // can clear the screen, retitle the window or hide what follows; line breaks and tabs stay.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  console.error(info.message.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ''));
}
