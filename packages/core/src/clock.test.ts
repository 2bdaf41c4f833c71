import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.js';
import { AbortError } from './errors.js';

describe('systemClock.sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the delay and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const slept = systemClock.sleep(1000, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(slept).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with an AbortError when the signal fires, and clears its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const slept = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(slept).rejects.toSatisfy((e) => AbortError.isInstance(e));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for a signal that has already fired', async () => {
    vi.useFakeTimers();
    await expect(systemClock.sleep(60_000, AbortSignal.abort())).rejects.toSatisfy((e) =>
      AbortError.isInstance(e),
    );
    expect(vi.getTimerCount()).toBe(0);
  });
});
