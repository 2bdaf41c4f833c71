// AzurePowerShellCredential.close() and `await using`: a running `pwsh` is stopped, its caller gets an AbortError, and the
// credential runs nothing after close.
import { AbortError, CredentialUnavailableError } from '@identity/core';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox, hangingTool, isRunning, runningToolPid } from '@identity/tooling/test-process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AzurePowerShellCredential } from './azure-powershell-credential.js';

const SCOPE = 'https://vault.azure.net/.default';

// /proc tells whether the stopped process is gone: Linux only.
describe.skipIf(process.platform !== 'linux')('AzurePowerShellCredential.close()', () => {
  let tools: FakeToolbox;
  beforeEach(() => {
    tools = fakeToolbox();
    tools.add('pwsh', hangingTool(tools.dir, 'pwsh'));
  });
  afterEach(() => tools.remove());

  it('stops a running pwsh at the end of an `await using` block: the waiting call rejects with an AbortError', async () => {
    let call: Promise<unknown> = Promise.resolve();
    let pid = 0;
    {
      await using credential = new AzurePowerShellCredential({ env: tools.env() });
      call = credential.getToken(SCOPE).catch((e: unknown) => e);
      pid = await vi.waitFor(() => runningToolPid(tools.dir, 'pwsh'));
      expect(isRunning(pid)).toBe(true);
    }
    expect(AbortError.isInstance(await call)).toBe(true);
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false));
  });

  it('is final and idempotent: later calls reject with a CredentialUnavailableError and run nothing', async () => {
    const credential = new AzurePowerShellCredential({ env: tools.env() });
    const first = credential.close();
    expect(credential.close()).toBe(first);
    await first;
    const error = (await credential.getToken(SCOPE).catch((e: unknown) => e)) as Error;
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('AzurePowerShellCredential is closed');
    expect(tools.calls()).toEqual([]);
  });
});
