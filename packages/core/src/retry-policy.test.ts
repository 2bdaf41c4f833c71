import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-policy.js';

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 0, 1);
  const header = (value?: string) => new Headers(value === undefined ? {} : { 'retry-after': value });

  it('reads seconds, whole or fractional, with stray whitespace', () => {
    expect(retryAfterMs(header('7'), now)).toBe(7000);
    expect(retryAfterMs(header(' 1.5 '), now)).toBe(1500);
  });

  it('reads an HTTP date, never giving a negative wait', () => {
    expect(retryAfterMs(header('Thu, 01 Jan 2026 00:00:19 GMT'), now)).toBe(19_000);
    expect(retryAfterMs(header('Wed, 31 Dec 2025 00:00:00 GMT'), now)).toBe(0);
  });

  it('is undefined when the header is absent, blank or unreadable', () => {
    expect(retryAfterMs(header(), now)).toBeUndefined();
    expect(retryAfterMs(header(''), now)).toBeUndefined();
    expect(retryAfterMs(header('  '), now)).toBeUndefined();
    expect(retryAfterMs(header('soon'), now)).toBeUndefined();
  });
});
