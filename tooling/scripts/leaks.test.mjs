// A realistic clean capture passes; adding any one kind of secret to it, or emptying it, makes it fail.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../vitest/test-temporary-folder.ts';
import { checkCapture } from './leaks.mjs';

const clean = join(import.meta.dirname, '__fixtures__', 'leaks', 'clean');
let dir;

/** A capture made of the clean fixture plus `lines` in a second file, as a second test worker would write. */
function captureWith(...lines) {
  dir = temporaryFolder('leaks');
  cpSync(clean, dir, { recursive: true });
  writeFileSync(
    join(dir, '4242.jsonl'),
    lines.map((text) => `${JSON.stringify({ kind: 'error', text })}\n`).join(''),
  );
  return checkCapture(dir);
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Built from pieces so that no secret scanner mistakes the fixtures for real keys.
const segment = (text) => Buffer.from(text).toString('base64url');
const jwt = `${segment('{"alg":"RS256","typ":"JWT"}')}.${segment('{"aud":"api://x","oid":"1"}')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
const pem = [
  '-----BEGIN',
  'PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END',
  'PRIVATE KEY-----',
].join(' ');
const rsaPem = ['-----BEGIN RSA', 'PRIVATE KEY-----\nMIIEpAIBAAKCAQEA'].join(' ');

const leaks = {
  jwt: { text: `token endpoint returned access_token ${jwt}`, secret: jwt },
  'test-secret': { text: 'invalid secret app-TEST-SECRET-k3j4h5g6 for tenant t', secret: 'k3j4h5g6' },
  'private-key': { text: `could not parse certificate: ${pem}`, secret: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' },
  'private-key (truncated, RSA)': {
    rule: 'private-key',
    text: `bad key ${rsaPem}`,
    secret: 'MIIEpAIBAAKCAQEA',
  },
  'client-credential (secret)': {
    rule: 'client-credential',
    text: 'body: grant_type=client_credentials&client_secret=s3cr3tv4lu3~abc&scope=x',
    secret: 's3cr3tv4lu3~abc',
  },
  'client-credential (assertion)': {
    rule: 'client-credential',
    text: 'body: client_assertion=abc.def.ghi-signed-assertion&client_id=1',
    secret: 'abc.def.ghi-signed-assertion',
  },
  'bearer-token': {
    text: 'sending Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789',
    secret: 'abcdefghijklmnopqrstuvwxyz0123456789',
  },
};

describe('checkCapture', () => {
  it('passes a realistic clean capture', () => {
    const result = captureWith('ClientSecretCredential => getToken() => SUCCESS');
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(Object.entries(leaks))('fails on a %s and masks it', (name, { rule = name, text, secret }) => {
    const result = captureWith(text);
    expect(result.ok).toBe(false);
    expect(result.leaks).toHaveLength(1);
    expect(result.leaks[0].rules).toContain(rule);
    expect(result.leaks[0].source).toBe('4242.jsonl:1');
    expect(result.leaks[0].masked).not.toContain(secret);
    expect(result.leaks[0].masked).toContain('‹masked');
  });

  it('fails when too few entries were captured, since that means the hook broke', () => {
    dir = temporaryFolder('leaks');
    writeFileSync(join(dir, '1.jsonl'), `${JSON.stringify({ kind: 'log', text: 'one line' })}\n`);
    const result = checkCapture(dir);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/only 1 entries captured/);
  });

  it('fails when nothing was captured at all', () => {
    dir = join(tmpdir(), 'leaks-missing-capture');
    expect(checkCapture(dir).ok).toBe(false);
  });

  it('still scans a line that is not valid JSON', () => {
    const result = captureWith('ok');
    writeFileSync(join(dir, '4243.jsonl'), 'truncated {"text":"app-TEST-SECRET-zz\n');
    const rescanned = checkCapture(dir);
    expect(result.ok).toBe(true);
    expect(rescanned.leaks.map((leak) => leak.kind)).toEqual(['unparsable']);
  });
});
