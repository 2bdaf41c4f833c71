import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { warnIfExpired } from './clock-skew.js';
import { createLogger, setLogLevel, setLogSink } from './logger.js';

const NOW = Date.UTC(2026, 0, 1);

describe('warnIfExpired', () => {
  const logger = createLogger('TestCredential');
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    setLogLevel('warning');
    setLogSink((level, namespace, message) => lines.push(`${namespace} ${level} ${message}`));
  });
  afterEach(() => {
    setLogSink(undefined);
    setLogLevel(undefined);
  });

  it('warns about clock skew when a token arrives already expired, naming its source and how long ago', () => {
    const token = { token: 'secret-token', expiresOnTimestamp: NOW - 3_600_000 };
    expect(warnIfExpired(logger, token, NOW, 'AppService')).toBe(token);
    expect(lines).toEqual([
      "TestCredential warning AppService sent a token that expired 3600 s ago: check this machine's clock for skew.",
    ]);
  });

  it('counts a token expiring the moment it arrives as expired', () => {
    warnIfExpired(logger, { token: 't', expiresOnTimestamp: NOW }, NOW, 'Azure CLI');
    expect(lines).toHaveLength(1);
  });

  it('is silent about a token that is still valid, however briefly', () => {
    warnIfExpired(logger, { token: 't', expiresOnTimestamp: NOW + 1 }, NOW, 'Azure CLI');
    expect(lines).toEqual([]);
  });
});
