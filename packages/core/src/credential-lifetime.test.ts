import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { describe, expect, it } from 'vitest';
import { asyncDispose, CredentialLifetime } from './credential-lifetime.js';
import { CredentialUnavailableError } from './errors.js';

/** Work that runs until its signal fires, then rejects with the signal's reason. */
function untilAborted(started: AbortSignal[]) {
  return (signal: AbortSignal) =>
    new Promise<never>((_, reject) => {
      started.push(signal);
      signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
    });
}

describe('asyncDispose', () => {
  it('is Symbol.asyncDispose where the runtime has it, the symbol Node registers for it otherwise', () => {
    expect(asyncDispose).toBe(Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose'));
    expect(typeof asyncDispose).toBe('symbol');
  });
});

describe('CredentialLifetime', () => {
  it('is open until close: check passes, run runs the work', async () => {
    const lifetime = new CredentialLifetime('MyCredential');
    expect(lifetime.closed).toBe(false);
    expect(() => lifetime.check()).not.toThrow();
    expect(await lifetime.run(undefined, async () => 42)).toBe(42);
  });

  it('fires the signal of every run on close, and close resolves only once each has settled', async () => {
    const lifetime = new CredentialLifetime('MyCredential');
    const started: AbortSignal[] = [];
    const runs = [1, 2].map(() =>
      lifetime.run(undefined, untilAborted(started)).catch((e: Error) => e.message),
    );
    const order: string[] = [];
    runs[0]?.then(() => order.push('run'));
    await lifetime.close().then(() => order.push('close'));
    expect(started.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(await Promise.all(runs)).toEqual(['stopped', 'stopped']);
    expect(order).toEqual(['run', 'close']);
  });

  it("fires a run's signal when the caller's own signal fires, and leaves the other runs going", async () => {
    const lifetime = new CredentialLifetime('MyCredential');
    const started: AbortSignal[] = [];
    const caller = new AbortController();
    const mine = lifetime.run(caller.signal, untilAborted(started)).catch((e: Error) => e.message);
    const other = lifetime.run(undefined, untilAborted(started)).catch((e: Error) => e.message);
    caller.abort();
    expect(await mine).toBe('stopped');
    expect(started.map((signal) => signal.aborted)).toEqual([true, false]);
    await lifetime.close();
    expect(await other).toBe('stopped');
  });

  it('starts the work with a fired signal when the caller has already aborted', async () => {
    const lifetime = new CredentialLifetime('MyCredential');
    expect(await lifetime.run(AbortSignal.abort(), async (signal) => signal.aborted)).toBe(true);
  });

  it('closes once: every close returns the first promise, and release runs once, after the runs', async () => {
    const lifetime = new CredentialLifetime('MyCredential');
    const events: string[] = [];
    const run = lifetime.run(undefined, untilAborted([])).catch(() => events.push('run settled'));
    const first = lifetime.close(() => events.push('released'));
    expect(lifetime.close(() => events.push('released again'))).toBe(first);
    await first;
    await run;
    expect(events).toEqual(['run settled', 'released']);
    expect(lifetime.closed).toBe(true);
  });

  it('is final: check throws, and run rejects without starting the work, with a CredentialUnavailableError', async () => {
    const lifetime = new CredentialLifetime('MyCredential');
    await lifetime.close();
    expect(() => lifetime.check()).toThrow(CredentialUnavailableError);
    let started = false;
    const error = (await lifetime
      .run(undefined, async () => {
        started = true;
      })
      .catch((e: unknown) => e)) as CredentialUnavailableError;
    expect(started).toBe(false);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^MyCredential is closed: make a new one\./);
    expect(messageProblems(error.message, guideAnchors())).toEqual([]);
  });

  it('removes its listeners from the caller signal once a run settles', async () => {
    const lifetime = new CredentialLifetime('MyCredential');
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const signal = {
      aborted: false,
      addEventListener: (_: 'abort', listener: unknown) => added.push(listener),
      removeEventListener: (_: 'abort', listener: unknown) => removed.push(listener),
    };
    await lifetime.run(signal, async () => 'done');
    expect(added).toHaveLength(1);
    expect(removed).toEqual(added);
  });

  it('runs any number of calls at once without a listener warning: runs share no signal (Node warns past 10)', async () => {
    const lifetime = new CredentialLifetime('MyCredential');
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const started: AbortSignal[] = [];
      const runs = Array.from({ length: 25 }, () =>
        lifetime.run(undefined, untilAborted(started)).catch(() => {}),
      );
      // Node reports the warning on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(started).toHaveLength(25);
      await lifetime.close();
      await Promise.all(runs);
      expect(started.every((signal) => signal.aborted)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
