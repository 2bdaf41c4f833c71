import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox, hangingTool, isRunning, runningToolPid } from '@identity/tooling/test-process';
import { manualClock, testSecret } from '@identity/tooling/test-world';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, CredentialUnavailableError, InvalidArgumentError } from './errors.js';
import { setLogLevel, setLogSink } from './logger.js';
import type { DeveloperToolOptions, ToolTokenRequest } from './node-process-tool-client.js';
import { DeveloperToolClient } from './node-process-tool-client.js';
import type { CachedToken } from './token-cache.js';
import { StoredTokenCache } from './token-cache.js';

const tool = {
  credentialName: 'FakeToolCredential',
  toolName: 'Fake Tool',
  anchor: 'fake-tool',
  installHint: 'Install the fake tool, then run fake login.',
};
const SCOPE = 'https://vault.azure.net/.default';
const HOUR = 3_600_000;

function recordingAcquire(clock: { now(): number }, lifetime = HOUR) {
  const requests: ToolTokenRequest[] = [];
  const acquire = async (request: ToolTokenRequest) => {
    requests.push(request);
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { token: `token-${requests.length}`, expiresOnTimestamp: clock.now() + lifetime };
  };
  return { acquire, requests };
}

describe('DeveloperToolClient.getToken', () => {
  const client = (options: DeveloperToolOptions = {}) =>
    new DeveloperToolClient(tool, { env: {}, clock: manualClock(), ...options });

  it('checks scopes against the process-safe allow-list before running anything', async () => {
    const { acquire, requests } = recordingAcquire(manualClock());
    for (const scope of ['https://x/.default; rm -rf /', '$(id)', '--tenant', 'a b', '`x`']) {
      await expect(client().getToken(scope, undefined, acquire)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(requests).toEqual([]);
  });

  it('asks for exactly one scope unless the tool takes several', async () => {
    const { acquire } = recordingAcquire(manualClock());
    await expect(
      client().getToken([SCOPE, 'https://graph.microsoft.com/.default'], undefined, acquire),
    ).rejects.toThrow(/exactly one scope/);
    await expect(client().getToken([], undefined, acquire)).rejects.toThrow(/exactly one scope/);
    const several = new DeveloperToolClient({ ...tool, multipleScopes: true }, { env: {} });
    const token = await several.getToken([SCOPE, 'https://graph.microsoft.com/.default'], undefined, acquire);
    expect(token.token).toBe('token-1');
  });

  it('checks the configured tenant at construction, and the requested one before running anything', async () => {
    expect(() => client({ tenantId: 'contoso; whoami' })).toThrow(InvalidArgumentError);
    expect(() => client({ additionallyAllowedTenants: ['a&b'] })).toThrow(InvalidArgumentError);
    const { acquire, requests } = recordingAcquire(manualClock());
    await expect(
      client({ additionallyAllowedTenants: ['*'] }).getToken(SCOPE, { tenantId: 't|x' }, acquire),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      client({ tenantId: 'home' }).getToken(SCOPE, { tenantId: 'other' }, acquire),
    ).rejects.toBeInstanceOf(CredentialUnavailableError);
    expect(requests).toEqual([]);
  });

  it('refuses option-like and dot-segment tenants, configured, allowed or requested, before running anything', async () => {
    const { acquire, requests } = recordingAcquire(manualClock());
    for (const tenant of ['--debug', '-t', '..', '.']) {
      expect(() => client({ tenantId: tenant }), tenant).toThrow(InvalidArgumentError);
      expect(() => client({ additionallyAllowedTenants: [tenant] }), tenant).toThrow(InvalidArgumentError);
      await expect(
        client({ additionallyAllowedTenants: ['*'] }).getToken(SCOPE, { tenantId: tenant }, acquire),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(requests).toEqual([]);
  });

  it('passes the resolved tenant, the scopes and the claims to the run', async () => {
    const { acquire, requests } = recordingAcquire(manualClock());
    await client({ tenantId: 'home', additionallyAllowedTenants: ['other'] }).getToken(
      SCOPE,
      { tenantId: 'other', claims: '{"access_token":{}}' },
      acquire,
    );
    expect(requests[0]).toMatchObject({ scopes: [SCOPE], tenantId: 'other', claims: '{"access_token":{}}' });
    await client().getToken(SCOPE, undefined, acquire);
    expect(requests[1]).toMatchObject({ tenantId: undefined, claims: undefined });
  });

  it('refuses a timeout that is not a positive number below 1e9 ms', () => {
    expect(() => client({ processTimeoutInMs: 0 })).toThrow(/processTimeoutInMs/);
    expect(() => client({ processTimeoutInMs: Number.NaN })).toThrow(InvalidArgumentError);
    // Node fires a timer past 2^31 − 1 ms after 1 ms: every run would 'time out' at once.
    expect(() => client({ processTimeoutInMs: 2 ** 31 })).toThrow(/below 1e9/);
    expect(() => client({ processTimeoutInMs: Number.POSITIVE_INFINITY })).toThrow(InvalidArgumentError);
    expect(client().timeoutInMs).toBe(30_000);
  });

  it('serves the cached token until it is due for refresh, then runs the tool again', async () => {
    const clock = manualClock();
    const { acquire, requests } = recordingAcquire(clock);
    const credential = client({ clock });
    const first = await credential.getToken(SCOPE, undefined, acquire);
    expect(first).toMatchObject({
      token: 'token-1',
      tokenType: 'Bearer',
      expiresOnTimestamp: clock.now() + HOUR,
    });
    expect(first.refreshAfterTimestamp).toBe(clock.now() + HOUR - 5 * 60_000);
    await clock.advance(50 * 60_000);
    expect((await credential.getToken(SCOPE, undefined, acquire)).token).toBe('token-1');
    expect(requests).toHaveLength(1);
    await clock.advance(6 * 60_000);
    // Due: the still-valid token is served while the refresh runs.
    expect((await credential.getToken(SCOPE, undefined, acquire)).token).toBe('token-1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await credential.getToken(SCOPE, undefined, acquire)).token).toBe('token-2');
  });

  it('returns a token that arrives already expired, with a warning that names clock skew', async () => {
    const lines: string[] = [];
    setLogLevel('warning');
    setLogSink((level, namespace, message) => lines.push(`${namespace} ${level} ${message}`));
    try {
      const clock = manualClock();
      const { acquire } = recordingAcquire(clock, -2 * HOUR);
      const token = await client({ clock }).getToken(SCOPE, undefined, acquire);
      expect(token.token).toBe('token-1');
      expect(lines).toEqual([
        "FakeToolCredential warning Fake Tool sent a token that expired 7200 s ago: check this machine's clock for skew.",
      ]);
    } finally {
      setLogSink(undefined);
      setLogLevel(undefined);
    }
  });

  it('shares one run among 100 concurrent callers', async () => {
    const { acquire, requests } = recordingAcquire(manualClock());
    const credential = client();
    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => credential.getToken(SCOPE, undefined, acquire)),
    );
    expect(requests).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['token-1']));
  });

  it('keeps tokens of different tenants and scopes apart', async () => {
    const { acquire, requests } = recordingAcquire(manualClock());
    const credential = client({ additionallyAllowedTenants: ['*'] });
    await credential.getToken(SCOPE, undefined, acquire);
    await credential.getToken(SCOPE, { tenantId: 'other' }, acquire);
    await credential.getToken('https://graph.microsoft.com/.default', undefined, acquire);
    await credential.getToken(SCOPE, { tenantId: 'OTHER' }, acquire);
    expect(requests).toHaveLength(3);
  });

  it('ends an aborting caller at once, and stops the run only when every waiting caller has aborted', async () => {
    let runSignal: AbortSignal | undefined;
    let release = () => {};
    const acquire = (request: ToolTokenRequest) => {
      runSignal = request.signal;
      return new Promise<{ token: string; expiresOnTimestamp: number }>((resolve, reject) => {
        release = () => resolve({ token: 'shared', expiresOnTimestamp: Date.now() + HOUR });
        request.signal.addEventListener('abort', () => reject(new Error('stopped')));
      });
    };
    const credential = client();
    const first = new AbortController();
    const second = new AbortController();
    const a = credential.getToken(SCOPE, { abortSignal: first.signal }, acquire);
    const b = credential.getToken(SCOPE, { abortSignal: second.signal }, acquire);
    const c = credential.getToken(SCOPE, undefined, acquire);
    first.abort();
    await expect(a).rejects.toBeInstanceOf(AbortError);
    expect(runSignal?.aborted).toBe(false);
    release();
    await expect(b).resolves.toMatchObject({ token: 'shared' });
    await expect(c).resolves.toMatchObject({ token: 'shared' });

    const lone = new AbortController();
    const other = client();
    const d = other.getToken(SCOPE, { abortSignal: lone.signal }, acquire);
    lone.abort();
    await expect(d).rejects.toBeInstanceOf(AbortError);
    expect(runSignal?.aborted).toBe(true);
  });

  // A persistent store that answers when the test says so (with nothing stored).
  function slowStore() {
    let answer: (token: CachedToken | undefined) => void = () => {};
    const tokenCache = new StoredTokenCache({
      get: () => new Promise((resolve) => (answer = resolve)),
      set: () => {},
    });
    return { tokenCache, answer: () => answer(undefined) };
  }

  it('stops the run when every caller has aborted, also behind a persistent store', async () => {
    const { tokenCache, answer } = slowStore();
    let runSignal: AbortSignal | undefined;
    const acquire = (request: ToolTokenRequest) => {
      runSignal = request.signal;
      return new Promise<{ token: string; expiresOnTimestamp: number }>(() => {});
    };
    const caller = new AbortController();
    const call = client({ tokenCache }).getToken(SCOPE, { abortSignal: caller.signal }, acquire);
    answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runSignal?.aborted).toBe(false);
    caller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
    expect(runSignal?.aborted).toBe(true);
  });

  it('starts no run when every caller has aborted while the store was asked', async () => {
    const { tokenCache, answer } = slowStore();
    const { acquire, requests } = recordingAcquire(manualClock());
    const caller = new AbortController();
    const call = client({ tokenCache }).getToken(SCOPE, { abortSignal: caller.signal }, acquire);
    caller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
    answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests).toEqual([]);
  });

  it('starts nothing for a caller that has already aborted', async () => {
    const { acquire, requests } = recordingAcquire(manualClock());
    await expect(
      client().getToken(SCOPE, { abortSignal: AbortSignal.abort() }, acquire),
    ).rejects.toBeInstanceOf(AbortError);
    expect(requests).toEqual([]);
  });
});

// The fakes are POSIX shell scripts.
describe.skipIf(process.platform === 'win32')('DeveloperToolClient.run', () => {
  let tools: FakeToolbox;
  beforeEach(() => {
    tools = fakeToolbox();
  });
  afterEach(() => tools.remove());
  const signal = new AbortController().signal;

  it('returns the output of a tool that ran to its end, whatever its exit code', async () => {
    tools.add('fake', 'echo out; echo err >&2; exit 2');
    const client = new DeveloperToolClient(tool, { env: tools.env() });
    expect(await client.run(['fake'], [], {}, signal)).toEqual({
      exitCode: 2,
      stdout: 'out\n',
      stderr: 'err\n',
    });
  });

  it('adds the extra variables to the environment', async () => {
    tools.add('fake', 'echo "$EXTRA"');
    const client = new DeveloperToolClient(tool, { env: tools.env() });
    expect((await client.run(['fake'], [], { EXTRA: 'yes' }, signal)).stdout).toBe('yes\n');
  });

  it('says the tool is not installed when it is not on PATH, or a shell could not find it (exit 127)', async () => {
    const client = new DeveloperToolClient(tool, { env: tools.env() });
    const missing = client.run(['fake'], [], {}, signal);
    await expect(missing).rejects.toBeInstanceOf(CredentialUnavailableError);
    await expect(missing).rejects.toThrow(
      'FakeToolCredential: Fake Tool is not installed (no fake on PATH). Install the fake tool, then run fake login.',
    );
    tools.add('fake', 'echo "fake: python: not found" >&2; exit 127');
    await expect(client.run(['fake'], [], {}, signal)).rejects.toThrow(/Fake Tool is not installed/);
  });

  it('names the processTimeoutInMs option when the tool is too slow', async () => {
    tools.add('fake', 'echo "still working" >&2; sleep 10');
    const client = new DeveloperToolClient(tool, { env: tools.env(), processTimeoutInMs: 200 });
    const slow = client.run(['fake'], [], {}, signal);
    await expect(slow).rejects.toBeInstanceOf(CredentialUnavailableError);
    await expect(slow).rejects.toThrow(
      /Fake Tool did not finish within 200 ms and was stopped\. .*raise the processTimeoutInMs option.* It printed: still working/,
    );
  });

  it('turns an aborted run into an AbortError', async () => {
    tools.add('fake', 'sleep 10');
    const client = new DeveloperToolClient(tool, { env: tools.env() });
    await expect(client.run(['fake'], [], {}, AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
  });
});

describe.skipIf(process.platform !== 'linux')('DeveloperToolClient.close', () => {
  let tools: FakeToolbox;
  beforeEach(() => {
    tools = fakeToolbox();
    tools.add('fake', hangingTool(tools.dir, 'fake'));
  });
  afterEach(() => tools.remove());
  const runFake = (client: DeveloperToolClient) => (request: ToolTokenRequest) =>
    client
      .run(['fake'], [], {}, request.signal)
      .then(() => ({ token: 't', expiresOnTimestamp: Date.now() + HOUR }));

  it('stops the running tool: every caller waiting on it rejects with an AbortError, and the process is gone', async () => {
    const client = new DeveloperToolClient(tool, { env: tools.env() });
    const calls = [1, 2].map(() => client.getToken(SCOPE, {}, runFake(client)).catch((e: unknown) => e));
    const pid = await vi.waitFor(() => runningToolPid(tools.dir, 'fake'));
    await client.close();
    for (const call of calls) expect(AbortError.isInstance(await call)).toBe(true);
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false));
    expect(tools.calls()).toHaveLength(1);
  });

  it('is final, cached tokens included: a later call rejects with a CredentialUnavailableError', async () => {
    const clock = manualClock();
    const client = new DeveloperToolClient(tool, { env: {}, clock });
    const { acquire } = recordingAcquire(clock);
    await client.getToken(SCOPE, {}, acquire);
    await client.close();
    const error = (await client.getToken(SCOPE, {}, acquire).catch((e: unknown) => e)) as Error;
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('FakeToolCredential is closed');
  });
});

describe('DeveloperToolClient.excerpt', () => {
  it('redacts tokens, collapses whitespace and cuts long output', () => {
    const client = new DeveloperToolClient(tool, { env: {} });
    const secret = testSecret('access-token');
    const text = `ERROR:\n  {"accessToken": "${secret}"}\n`;
    expect(client.excerpt(text, ' It said: ')).toBe(' It said: ERROR: {"accessToken": "[redacted]"}');
    expect(client.excerpt('  \n')).toBe('');
    expect(client.excerpt('x'.repeat(600))).toHaveLength(503);
  });

  it('keeps no terminal control sequence a tool printed: colours go, and nothing else reaches a terminal', () => {
    const client = new DeveloperToolClient(tool, { env: {} });
    const coloured =
      '\u001b[31;1mGet-AzAccessToken: \u001b[31;1mRun Connect-AzAccount to login.\u001b[0m\r\n';
    expect(client.excerpt(coloured)).toBe('Get-AzAccessToken: Run Connect-AzAccount to login.');
    // A title change or a clipboard write (OSC 52), a bell, a C1 CSI: no escape character survives.
    const hostile = 'a\u001b]52;c;aGk=\u0007b\u009b2Jc\u0000d';
    expect(client.excerpt(hostile)).toBe('a ]52;c;aGk= b 2Jc d');
  });
});
