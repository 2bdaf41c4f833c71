// DefaultAzureCredential.close() and `await using`: the chain closes the members it has built that hold something
// (a running `az` is stopped), builds none to close it, and is closed for good.
import type { AccessToken, TokenCredential } from '@identity/core';
import { AbortError, CredentialUnavailableError } from '@identity/core';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox, hangingTool, isRunning, runningToolPid } from '@identity/tooling/test-process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DefaultAzureCredential } from './default-azure-credential.js';
import { DefaultChainCredential } from './default-azure-credential-chain.js';
import type { DefaultChainMember } from './default-azure-credential-members.js';
import { DEFAULT_CHAIN } from './default-azure-credential-members.js';
import type { DefaultChainCredentialName } from './default-azure-credential-options.js';

const SCOPE = 'https://vault.azure.net/.default';

// Stub members named as the default chain's: each unavailable, each closable, recording builds and closes.
function world() {
  const events: string[] = [];
  const members: DefaultChainMember<DefaultChainCredentialName>[] = DEFAULT_CHAIN.map((member) => ({
    ...member,
    load: async () => ({}),
    create: () => {
      events.push(`build ${member.name}`);
      const credential: TokenCredential & { close(): Promise<void> } = {
        getToken: async (): Promise<AccessToken> => {
          throw new CredentialUnavailableError(`${member.name}: not set up here.`);
        },
        close: async () => {
          events.push(`close ${member.name}`);
        },
      };
      return credential;
    },
  }));
  // A head start of 0 would start members early: keep the walk in order for the record.
  const create = () => new DefaultChainCredential({ env: {} }, members, 60_000);
  return { events, create };
}

describe('DefaultChainCredential.close()', () => {
  it('closes each member it has built, once, and builds no member to close it', async () => {
    const { events, create } = world();
    const credential = create();
    await credential.getToken(SCOPE).catch(() => {});
    const built = events.filter((event) => event.startsWith('build')).map((event) => event.slice(6));
    expect(built.length).toBeGreaterThan(0);
    await Promise.all([credential.close(), credential.close()]);
    await credential.close();
    expect(events.filter((event) => event.startsWith('close'))).toEqual(built.map((name) => `close ${name}`));
    expect(events.filter((event) => event.startsWith('build'))).toHaveLength(built.length);
  });

  it('closes a credential that was never asked without building any member', async () => {
    const { events, create } = world();
    await create().close();
    expect(events).toEqual([]);
  });

  it('is final: the chain and each of its members reject with a CredentialUnavailableError', async () => {
    const { events, create } = world();
    const credential = create();
    await credential.close();
    const error = (await credential.getToken(SCOPE).catch((e: unknown) => e)) as Error;
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('DefaultAzureCredential is closed');
    const member = credential.members[0];
    const memberError = (await member?.getToken(SCOPE).catch((e: unknown) => e)) as Error;
    expect(CredentialUnavailableError.isInstance(memberError)).toBe(true);
    expect(memberError.message).toContain(`${member?.name} is closed`);
    expect(events).toEqual([]);
  });
});

// Stub members whose first (EnvironmentCredential) answers only when told to: a token request still in flight.
function pendingWorld() {
  let answer!: (outcome: AccessToken | Error) => void;
  const members: DefaultChainMember<DefaultChainCredentialName>[] = DEFAULT_CHAIN.map((member, index) => ({
    ...member,
    load: async () => ({}),
    create: () => ({
      getToken: (): Promise<AccessToken> =>
        index === 0
          ? new Promise((resolve, reject) => {
              answer = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
            })
          : Promise.reject(new CredentialUnavailableError(`${member.name}: not set up here.`)),
    }),
  }));
  const credential = new DefaultChainCredential({ env: {} }, members, 60_000);
  // The call, once its first member has been asked (wrapped, as awaiting the call itself would wait for the answer).
  const started = async () => {
    const call = credential.getToken(SCOPE).catch((e: unknown) => e);
    await vi.waitFor(() => expect(answer).toBeDefined());
    return { call };
  };
  return { credential, started, answer: (outcome: AccessToken | Error) => answer(outcome) };
}

describe('DefaultChainCredential.close() while a call is under way', () => {
  it('rejects the call with an AbortError, and hands out no token a member returns after it', async () => {
    const { credential, started, answer } = pendingWorld();
    const { call } = await started();
    await credential.close();
    answer({ token: 'late', expiresOnTimestamp: Date.now() + 3_600_000 });
    expect(AbortError.isInstance(await call)).toBe(true);
    expect(((await call) as Error).message).toContain('DefaultAzureCredential was closed');
  });

  it('rejects the call with an AbortError, not an error telling the user to set up members it closed', async () => {
    const { credential, started, answer } = pendingWorld();
    const { call } = await started();
    await credential.close();
    answer(new CredentialUnavailableError('EnvironmentCredential: not set up here.'));
    const error = (await call) as Error;
    expect(error.name).toBe('AbortError');
    expect(error.message).not.toContain('Set one up');
  });

  it('rejects the call with an AbortError when closed before any member was asked (the walk still loading)', async () => {
    const { credential } = pendingWorld();
    const call = credential.getToken(SCOPE).catch((e: unknown) => e);
    await credential.close();
    const error = (await call) as Error;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(error.message).toContain('DefaultAzureCredential was closed');
  });
});

// The real chain, down to the Azure CLI (a fake `az` that never answers); /proc tells whether it was stopped.
describe.skipIf(process.platform !== 'linux')('DefaultAzureCredential.close()', () => {
  let tools: FakeToolbox;
  beforeEach(() => {
    tools = fakeToolbox();
    tools.add('az', hangingTool(tools.dir, 'az'));
  });
  afterEach(() => tools.remove());

  it('stops a running az at the end of an `await using` block: the pending call rejects with an AbortError', async () => {
    let call: Promise<unknown> = Promise.resolve();
    let pid = 0;
    {
      await using credential = new DefaultAzureCredential({
        env: { ...tools.env(), AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' },
      });
      call = credential.getToken(SCOPE).catch((e: unknown) => e);
      pid = await vi.waitFor(() => runningToolPid(tools.dir, 'az'));
      expect(isRunning(pid)).toBe(true);
    }
    expect(AbortError.isInstance(await call)).toBe(true);
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false));
  });
});
