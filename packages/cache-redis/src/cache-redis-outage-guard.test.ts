import type { Logger } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { OUTAGE_RETRY_INTERVAL_MS, OutageGuard } from './cache-redis-outage-guard.js';

function recordingLogger() {
  const lines: string[] = [];
  const logger = Object.fromEntries(
    ['verbose', 'info', 'warning', 'error'].map((level) => [
      level,
      (text: string) => lines.push(`${level}: ${text}`),
    ]),
  ) as unknown as Logger;
  return { logger, lines };
}

describe('OutageGuard', () => {
  it('turns a failed or late call into undefined, warns once per outage, and says when the store is back', async () => {
    const { logger, lines } = recordingLogger();
    const guard = new OutageGuard({ what: 'Redis', timeoutMs: 20, logger });
    // The first call may take longer than the limit (it opens the connection); later ones may not.
    const slowly = () => new Promise((resolve) => setTimeout(() => resolve('value'), 100));
    expect(await guard.run(slowly)).toBe('value');
    expect(await guard.run(() => Promise.reject(new Error('ECONNREFUSED')))).toBeUndefined();
    expect(guard.out).toBe(true);
    // While out, the store is not even called.
    let called = false;
    expect(
      await guard.run(async () => {
        called = true;
        return 'value';
      }),
    ).toBeUndefined();
    expect(called).toBe(false);
    expect(lines).toEqual([
      'warning: Redis token cache unavailable (ECONNREFUSED): tokens come from memory and direct requests until it is back',
    ]);

    await new Promise((resolve) => setTimeout(resolve, OUTAGE_RETRY_INTERVAL_MS + 10));
    expect(await guard.run(async () => 'again')).toBe('again');
    expect(guard.out).toBe(false);
    expect(lines.at(-1)).toBe('info: Redis token cache is back: tokens are shared again');

    // A call that never answers costs one time limit, and starts a new outage with its own warning.
    expect(await guard.run(() => new Promise(() => {}))).toBeUndefined();
    expect(lines.at(-1)).toMatch(/^warning: Redis token cache unavailable \(no answer within 20 ms\)/);
    expect(lines.filter((line) => line.startsWith('warning'))).toHaveLength(2);
  });
});
