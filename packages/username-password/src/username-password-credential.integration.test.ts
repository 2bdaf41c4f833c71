// End to end against the emulator's password grant, with the deprecation warning captured through core's
// log sink. The warning is once per process, so this file constructs its first credential here.
import { AuthenticationError, AuthenticationRequiredError, setLogLevel, setLogSink } from '@identity/core';
import { type Emulator, startEmulator } from '@identity/emulator';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsernamePasswordCredential } from './username-password-credential.js';

const SCOPE = 'https://graph.microsoft.com/User.Read';
const lines: { level: string; namespace: string; message: string }[] = [];

describe('UsernamePasswordCredential against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    setLogLevel('warning');
    setLogSink((level, namespace, message) => lines.push({ level, namespace, message }));
    emulator = await startEmulator();
  });
  afterAll(async () => {
    setLogSink(undefined);
    setLogLevel(undefined);
    await emulator.stop();
  });

  it('signs the user in, and warns once per process that the flow is deprecated', async () => {
    const password = testSecret('password');
    const user = emulator.registerUser({ username: 'ada@contoso.example', password });
    const app = emulator.registerApp({ publicClient: true });
    const first = new UsernamePasswordCredential(app.tenantId, app.clientId, user.username, password, {
      authorityHost: emulator.url,
    });
    const second = new UsernamePasswordCredential(app.tenantId, app.clientId, user.username, password, {
      authorityHost: emulator.url,
    });
    const { token } = await first.getToken(SCOPE);
    await second.getToken(SCOPE);

    const claims = await emulator.verifyAccessToken(token);
    expect(claims).toMatchObject({ idtyp: 'user', oid: user.objectId, scp: 'User.Read', upn: user.username });
    const warnings = lines.filter(
      (l) => l.level === 'warning' && l.namespace === 'UsernamePasswordCredential',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/deprecated.*multi-factor/);
  });

  it('fails with AADSTS50126 for a wrong password, and needs an interactive sign-in (AADSTS50076) when MFA is required', async () => {
    const app = emulator.registerApp({ publicClient: true });
    emulator.registerUser({ username: 'grace@contoso.example', password: 'right' });
    emulator.registerUser({ username: 'mfa@contoso.example', password: 'right', mfaRequired: true });
    const attempt = (username: string, password: string) =>
      new UsernamePasswordCredential(app.tenantId, app.clientId, username, password, {
        authorityHost: emulator.url,
      })
        .getToken(SCOPE)
        .catch((e) => e);

    const wrong = await attempt('grace@contoso.example', testSecret('wrong-password'));
    expect(AuthenticationError.isInstance(wrong)).toBe(true);
    expect(wrong.errorResponse.errorCodes).toEqual([50126]);
    const mfa = await attempt('mfa@contoso.example', 'right');
    // As @azure/identity throws it (it makes every refusal of this flow one; only this kind here).
    expect(AuthenticationRequiredError.isInstance(mfa)).toBe(true);
    expect(mfa.scopes).toEqual([SCOPE]);
    expect(mfa.cause.errorResponse).toMatchObject({ error: 'invalid_grant', errorCodes: [50076] });
    // The message quotes Entra's code and the request's correlation id, then says what to do.
    expect(mfa.message).toMatch(/AADSTS50076: .*multi-factor/);
    expect(mfa.message).toContain(`Correlation id ${mfa.cause.errorResponse.correlationId}`);
    expect(mfa.message).toMatch(/Sign the user in interactively.*#username-password-credential$/);
  });
});
