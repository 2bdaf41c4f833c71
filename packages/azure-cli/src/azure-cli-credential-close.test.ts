// AzureCliCredential.close() and `await using`: a running `az` is stopped, its caller gets an AbortError, and the
// credential runs nothing after close.
import { AbortError, CredentialUnavailableError } from '@identity/core';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox, hangingTool, isRunning, runningToolPid } from '@identity/tooling/test-process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AzureCliCredential } from './azure-cli-credential.js';

const SCOPE = 'https://vault.azure.net/.default';

// /proc tells whether the stopped process is gone: Linux only.
describe.skipIf(process.platform !== 'linux')('AzureCliCredential.close()', () => {
  let tools: FakeToolbox;
  beforeEach(() => {
    tools = fakeToolbox();
    tools.add('az', hangingTool(tools.dir, 'az'));
  });
  afterEach(() => tools.remove());

  it('stops a running az: the waiting call rejects with an AbortError and the process is gone', async () => {
    const credential = new AzureCliCredential({ env: tools.env() });
    const call = credential.getToken(SCOPE).catch((e: unknown) => e);
    const pid = await vi.waitFor(() => runningToolPid(tools.dir, 'az'));
    expect(isRunning(pid)).toBe(true);
    await credential.close();
    expect(AbortError.isInstance(await call)).toBe(true);
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false));
  });

  it('is final and idempotent: later calls reject with a CredentialUnavailableError and run nothing', async () => {
    const credential = new AzureCliCredential({ env: tools.env() });
    const first = credential.close();
    expect(credential.close()).toBe(first);
    await first;
    const error = (await credential.getToken(SCOPE).catch((e: unknown) => e)) as Error;
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('AzureCliCredential is closed');
    expect(tools.calls()).toEqual([]);
  });

  it('closes at the end of an `await using` block', async () => {
    let call: Promise<unknown> = Promise.resolve();
    let pid = 0;
    {
      await using credential = new AzureCliCredential({ env: tools.env() });
      call = credential.getToken(SCOPE).catch((e: unknown) => e);
      pid = await vi.waitFor(() => runningToolPid(tools.dir, 'az'));
    }
    expect(AbortError.isInstance(await call)).toBe(true);
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false));
  });
});
