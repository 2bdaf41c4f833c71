import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, setLogLevel, setLogSink } from './logger.js';

afterEach(() => {
  setLogSink(undefined);
  setLogLevel(undefined);
  delete process.env.AZURE_LOG_LEVEL;
});

function record() {
  const lines: string[] = [];
  setLogSink((level, namespace, message) => lines.push(`${level} ${namespace}: ${message}`));
  return lines;
}

describe('logging', () => {
  it('is silent unless AZURE_LOG_LEVEL or setLogLevel asks for it', () => {
    const lines = record();
    setLogLevel(undefined);
    createLogger('A').error('not shown');
    expect(lines).toEqual([]);
  });

  it('honours AZURE_LOG_LEVEL: that level and the more severe ones', () => {
    process.env.AZURE_LOG_LEVEL = ' Warning ';
    setLogLevel(undefined); // re-read the variable
    const lines = record();
    const logger = createLogger('ClientSecretCredential');
    logger.verbose('v');
    logger.info('i');
    logger.warning('w');
    logger.error('e');
    expect(lines).toEqual(['warning ClientSecretCredential: w', 'error ClientSecretCredential: e']);
  });

  it('ignores an unknown level', () => {
    process.env.AZURE_LOG_LEVEL = 'loud';
    setLogLevel(undefined);
    const lines = record();
    createLogger('A').error('e');
    expect(lines).toEqual([]);
  });

  it('lets code set the level, and redacts every line', () => {
    setLogLevel('verbose');
    const lines = record();
    createLogger('A').verbose('sent client_secret=abc123 and eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.sig');
    expect(lines).toEqual(['verbose A: sent client_secret=[redacted] and [redacted jwt]']);
  });

  it('writes to standard error by default', () => {
    setLogLevel('info');
    const original = console.error;
    const seen: unknown[] = [];
    console.error = (...args: unknown[]) => seen.push(args.join(' '));
    try {
      createLogger('ManagedIdentityCredential').info('probe answered');
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(['identity:ManagedIdentityCredential info probe answered']);
  });
});
