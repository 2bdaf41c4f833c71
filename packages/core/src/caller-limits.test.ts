import { afterEach, describe, expect, it, vi } from 'vitest';
import { withCallerLimits } from './caller-limits.js';
import { AbortError, NetworkError } from './errors.js';

// A real abort signal whose listeners are counted, to prove every wait stops listening when it ends.
function countingSignal() {
  const controller = new AbortController();
  const added = vi.spyOn(controller.signal, 'addEventListener');
  const removed = vi.spyOn(controller.signal, 'removeEventListener');
  return {
    signal: controller.signal,
    abort: () => controller.abort(),
    listeners: () => added.mock.calls.length - removed.mock.calls.length,
  };
}

describe('withCallerLimits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes the result through and leaves no timer or listener behind', async () => {
    vi.useFakeTimers();
    const { signal, listeners } = countingSignal();
    const result = withCallerLimits(Promise.resolve('token'), {
      abortSignal: signal,
      requestOptions: { timeout: 1000 },
    });
    await expect(result).resolves.toBe('token');
    expect(vi.getTimerCount()).toBe(0);
    expect(listeners()).toBe(0);
  });

  it("rejects with the work's own error", async () => {
    const failure = new Error('boom');
    await expect(
      withCallerLimits(Promise.reject(failure), { requestOptions: { timeout: 1000 } }),
    ).rejects.toBe(failure);
  });

  it('rejects with REQUEST_TIMEOUT when the timeout passes first', async () => {
    vi.useFakeTimers();
    const { signal, listeners } = countingSignal();
    const result = withCallerLimits(new Promise(() => {}), {
      abortSignal: signal,
      requestOptions: { timeout: 50 },
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    const error = await result;
    expect(NetworkError.isInstance(error) && error.code).toBe('REQUEST_TIMEOUT');
    expect((error as Error).message).toBe('getToken timed out after 50 ms.');
    expect(listeners()).toBe(0);
  });

  it('rejects with AbortError when the caller aborts, and clears its timer', async () => {
    vi.useFakeTimers();
    const { signal, abort, listeners } = countingSignal();
    const result = withCallerLimits(new Promise(() => {}), {
      abortSignal: signal,
      requestOptions: { timeout: 1000 },
    });
    abort();
    await expect(result).rejects.toSatisfy((e) => AbortError.isInstance(e));
    expect(vi.getTimerCount()).toBe(0);
    expect(listeners()).toBe(0);
  });

  it('rejects at once for a signal that has already fired', async () => {
    await expect(
      withCallerLimits(new Promise(() => {}), { abortSignal: AbortSignal.abort() }),
    ).rejects.toSatisfy((e) => AbortError.isInstance(e));
  });
});
