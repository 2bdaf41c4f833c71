// AzureDeveloperCliCredential.close() and `await using`: a running `azd` is stopped, its caller gets an AbortError, and the
// credential runs nothing after close.
import { AbortError, CredentialUnavailableError } from '@identity/core';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox, hangingTool, isRunning, runningToolPid } from '@identity/tooling/test-process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AzureDeveloperCliCredential } from './azure-developer-cli-credential.js';

const SCOPE = 'https://vault.azure.net/.default';

// /proc tells whether the stopped process is gone: Linux only.
describe.skipIf(process.platform !== 'linux')('AzureDeveloperCliCredential.close()', () => {
  let tools: FakeToolbox;
  beforeEach(() => {
    tools = fakeToolbox();
    tools.add('azd', hangingTool(tools.dir, 'azd'));
  });
  afterEach(() => tools.remove());

  it('stops a running azd at the end of an `await using` block: the waiting call rejects with an AbortError', async () => {
    let call: Promise<unknown> = Promise.resolve();
    let pid = 0;
    {
      await using credential = new AzureDeveloperCliCredential({ env: tools.env() });
      call = credential.getToken(SCOPE).catch((e: unknown) => e);
      pid = await vi.waitFor(() => runningToolPid(tools.dir, 'azd'));
      expect(isRunning(pid)).toBe(true);
    }
    expect(AbortError.isInstance(await call)).toBe(true);
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false));
  });

  it('is final and idempotent: later calls reject with a CredentialUnavailableError and run nothing', async () => {
    const credential = new AzureDeveloperCliCredential({ env: tools.env() });
    const first = credential.close();
    expect(credential.close()).toBe(first);
    await first;
    const error = (await credential.getToken(SCOPE).catch((e: unknown) => e)) as Error;
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('AzureDeveloperCliCredential is closed');
    expect(tools.calls()).toEqual([]);
  });
});
