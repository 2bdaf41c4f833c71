import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChainedTokenCredential } from './chained-token-credential.js';
import {
  AbortError,
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
} from './errors.js';
import { setLogLevel, setLogSink } from './logger.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from './token-credential.js';

class FakeCredential implements TokenCredential {
  calls = 0;
  constructor(readonly outcome: () => AccessToken | null | Promise<AccessToken | null>) {}
  async getToken(_scopes: string | string[], _options?: GetTokenOptions) {
    this.calls++;
    return this.outcome();
  }
}
const token = (value: string): AccessToken => ({ token: value, expiresOnTimestamp: Date.now() + 3_600_000 });
const unavailable = (message: string) =>
  new FakeCredential(() => {
    throw new CredentialUnavailableError(message);
  });

describe('ChainedTokenCredential', () => {
  it('returns the first token, moving past unavailable credentials', async () => {
    const working = new FakeCredential(() => token('second'));
    const chain = new ChainedTokenCredential(
      unavailable('no env'),
      working,
      new FakeCredential(() => token('third')),
    );
    expect((await chain.getToken('scope')).token).toBe('second');
  });

  it('moves past AuthenticationRequiredError and @azure/identity unavailable errors too', async () => {
    const peerUnavailable = new FakeCredential(() => {
      throw Object.assign(new Error('peer'), { name: 'CredentialUnavailableError' });
    });
    const needsSignIn = new FakeCredential(() => {
      throw new AuthenticationRequiredError({ scopes: ['s'] });
    });
    const chain = new ChainedTokenCredential(
      peerUnavailable,
      needsSignIn,
      new FakeCredential(() => token('t')),
    );
    expect((await chain.getToken('scope')).token).toBe('t');
  });

  it('stops at a credential that is configured but fails: a wrong secret never becomes another identity', async () => {
    const wrongSecret = new FakeCredential(() => {
      throw new AuthenticationError(401, { error: 'invalid_client' });
    });
    const next = new FakeCredential(() => token('other identity'));
    const chain = new ChainedTokenCredential(wrongSecret, next);
    await expect(chain.getToken('scope')).rejects.toBeInstanceOf(AuthenticationError);
    expect(next.calls).toBe(0);
  });

  it('stops at unexpected errors as well', async () => {
    const buggy = new FakeCredential(() => {
      throw new TypeError('bug');
    });
    await expect(
      new ChainedTokenCredential(buggy, new FakeCredential(() => token('t'))).getToken('s'),
    ).rejects.toThrow(TypeError);
  });

  it('lists every attempt in order when none works', async () => {
    const chain = new ChainedTokenCredential(
      unavailable('first: no env'),
      new FakeCredential(() => null),
      unavailable('third: no az'),
    );
    const error = await chain.getToken('scope').catch((e) => e);
    expect(AggregateAuthenticationError.isInstance(error)).toBe(true);
    const noToken =
      'FakeCredential returned no token. Troubleshooting: @identity/core/TROUBLESHOOTING.md#chained-token-credential';
    expect(error.errors.map((e: Error) => e.message)).toEqual(['first: no env', noToken, 'third: no az']);
    expect(error.message).toBe(
      `ChainedTokenCredential: no credential could get a token. Attempts, in order:\n  - first: no env\n  - ${noToken}\n  - third: no az`,
    );
  });

  it('moves past a custom credential that throws CredentialUnavailableError without a message', async () => {
    const custom = new FakeCredential(() => {
      throw new CredentialUnavailableError();
    });
    const chain = new ChainedTokenCredential(custom, new FakeCredential(() => token('next')));
    expect((await chain.getToken('scope')).token).toBe('next');
  });

  it('remembers the credential that worked and goes straight to it', async () => {
    const first = unavailable('no');
    const second = new FakeCredential(() => token('t'));
    const chain = new ChainedTokenCredential(first, second);
    await chain.getToken('scope');
    await chain.getToken('scope');
    expect(first.calls).toBe(1);
    expect(second.calls).toBe(2);
    expect(chain.selectedCredential).toBe(second);
  });

  it('walks the whole chain every time with retrySources', async () => {
    const first = unavailable('no');
    const chain = new ChainedTokenCredential(first, new FakeCredential(() => token('t')), {
      retrySources: true,
    });
    await chain.getToken('scope');
    await chain.getToken('scope');
    expect(first.calls).toBe(2);
    expect(chain.selectedCredential).toBeUndefined();
  });

  it('says so when it has nothing to try', async () => {
    await expect(new ChainedTokenCredential().getToken('s')).rejects.toBeInstanceOf(
      CredentialUnavailableError,
    );
  });

  it('passes the call options through', async () => {
    let seen: GetTokenOptions | undefined;
    const spy: TokenCredential = {
      getToken: async (_s, options) => {
        seen = options;
        return token('t');
      },
    };
    await new ChainedTokenCredential(spy).getToken('s', { tenantId: 'x', enableCae: true });
    expect(seen).toEqual({ tenantId: 'x', enableCae: true });
  });

  it('tries no credential for a caller that has already aborted', async () => {
    const first = new FakeCredential(() => token('t'));
    const chain = new ChainedTokenCredential(first);
    await expect(chain.getToken('s', { abortSignal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(first.calls).toBe(0);
    await chain.getToken('s');
    await expect(chain.getToken('s', { abortSignal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(first.calls).toBe(1);
  });

  it('moves to no further credential once the caller has aborted', async () => {
    const caller = new AbortController();
    const first = new FakeCredential(() => {
      caller.abort();
      throw new CredentialUnavailableError('no');
    });
    const second = new FakeCredential(() => token('t'));
    const chain = new ChainedTokenCredential(first, second);
    await expect(chain.getToken('s', { abortSignal: caller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(second.calls).toBe(0);
  });

  describe('log lines', () => {
    afterEach(() => {
      setLogSink(undefined);
      setLogLevel(undefined);
    });

    it('name each credential by its credentialName, else by its class', async () => {
      const lines: string[] = [];
      setLogLevel('info');
      setLogSink((_level, _namespace, message) => lines.push(message));
      const wrapper = Object.assign(unavailable('not set up'), { credentialName: 'EnvironmentCredential' });
      await new ChainedTokenCredential(wrapper, new FakeCredential(() => token('t'))).getToken('scope');
      expect(lines).toEqual([
        'EnvironmentCredential is unavailable: not set up',
        'FakeCredential returned a token',
      ]);
    });
  });
});

describe('ChainedTokenCredential.close()', () => {
  /** A member that holds something: counts its closes, and its pending call ends with an AbortError on close. */
  class ClosableFake extends FakeCredential {
    closes = 0;
    #pending: (() => void) | undefined;
    constructor() {
      super(() => null);
    }
    override getToken() {
      return new Promise<AccessToken>((_, reject) => {
        this.#pending = () => reject(new AbortError());
      });
    }
    async close() {
      this.closes++;
      this.#pending?.();
    }
  }

  it('closes every member that has close(), once, and skips those that hold nothing', async () => {
    const [first, second] = [new ClosableFake(), new ClosableFake()];
    const plain = new FakeCredential(() => token('plain'));
    const chain = new ChainedTokenCredential(plain, first, second);
    const closing = chain.close();
    expect(chain.close()).toBe(closing);
    await closing;
    await chain.close();
    expect([first.closes, second.closes]).toEqual([1, 1]);
    expect(plain.calls).toBe(0);
  });

  it("ends a pending call with the member's AbortError, and is final: a later call asks no member", async () => {
    const member = new ClosableFake();
    const other = new FakeCredential(() => token('other'));
    const chain = new ChainedTokenCredential(member, other);
    const pending = chain.getToken('scope').catch((e: unknown) => e);
    await chain.close();
    expect(AbortError.isInstance(await pending)).toBe(true);
    const error = (await chain.getToken('scope').catch((e: unknown) => e)) as Error;
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('ChainedTokenCredential is closed');
    expect(other.calls).toBe(0);
  });

  /** A member that answers only when told to, and holds nothing to close: its answer may come after the close. */
  function lateMember() {
    let answer!: (outcome: AccessToken | Error) => void;
    const member = new FakeCredential(
      () =>
        new Promise<AccessToken>((resolve, reject) => {
          answer = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
        }),
    );
    return { member, answer: (outcome: AccessToken | Error) => answer(outcome) };
  }

  it('hands out no token that a member returns after the close: the call under way is aborted', async () => {
    const { member, answer } = lateMember();
    const chain = new ChainedTokenCredential(member, { name: 'MyChain' });
    const pending = chain.getToken('scope').catch((e: unknown) => e);
    await vi.waitFor(() => expect(member.calls).toBe(1));
    await chain.close();
    answer(token('late'));
    const error = (await pending) as Error;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(error.message).toBe('MyChain was closed during the call.');
  });

  it('asks no further member once closed, and aborts rather than report the closed members as unavailable', async () => {
    const { member, answer } = lateMember();
    const next = new FakeCredential(() => token('next'));
    const chain = new ChainedTokenCredential(member, next);
    const pending = chain.getToken('scope').catch((e: unknown) => e);
    await vi.waitFor(() => expect(member.calls).toBe(1));
    await chain.close();
    answer(new CredentialUnavailableError('FakeCredential is closed: make a new one.'));
    expect(((await pending) as Error).name).toBe('AbortError');
    expect(next.calls).toBe(0);
  });

  it('names itself by its name option, and closes at the end of an `await using` block', async () => {
    const member = new ClosableFake();
    let chain: ChainedTokenCredential | undefined;
    {
      await using used = new ChainedTokenCredential(member, { name: 'MyChain' });
      chain = used;
    }
    expect(member.closes).toBe(1);
    await expect(chain.getToken('scope')).rejects.toThrow(/^MyChain is closed/);
  });
});
