import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redaction.js';

const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';

describe('redactSecrets', () => {
  it('removes JWTs wherever they appear', () => {
    expect(redactSecrets(`token ${jwt} end`)).toBe('token [redacted jwt] end');
  });

  it('removes encrypted tokens (JWE, five parts) whole, not just their first three parts', () => {
    const jwe = 'eyJhbGciOiJSU0EtT0FFUCJ9.ZW5jcnlwdGVkLWtleQ.aXYtaXYtaXY.Y2lwaGVydGV4dC1zZWNyZXQ.dGFnLXRhZw';
    expect(redactSecrets(`token ${jwe} end`)).toBe('token [redacted jwt] end');
  });

  it('redacts a JWT in a secret-named field once, leaving clean text', () => {
    expect(redactSecrets(`{"accessToken": "${jwt}", "expiresOn": "x"}`)).toBe(
      '{"accessToken": "[redacted]", "expiresOn": "x"}',
    );
  });

  it('removes secret-carrying form fields and JSON fields, keeping their names', () => {
    expect(redactSecrets('client_id=abc&client_secret=s3cr3t&scope=x')).toBe(
      'client_id=abc&client_secret=[redacted]&scope=x',
    );
    expect(redactSecrets('assertion=abc.def&password=hunter2')).toBe(
      'assertion=[redacted]&password=[redacted]',
    );
    expect(redactSecrets('{"accessToken": "opaque-token-value", "expiresOn": "2026"}')).toBe(
      '{"accessToken": "[redacted]", "expiresOn": "2026"}',
    );
    expect(redactSecrets('{"token":"abc","expiresOn":"x"}')).toBe('{"token":"[redacted]","expiresOn":"x"}');
  });

  it('removes bearer credentials and private keys', () => {
    expect(redactSecrets('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer [redacted]');
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';
    expect(redactSecrets(`before ${key} after`)).toBe('before [redacted key] after');
    expect(redactSecrets('-----BEGIN RSA PRIVATE KEY-----\ntruncated')).toBe('[redacted key]');
  });

  it('keeps tool errors that merely mention a token readable', () => {
    expect(redactSecrets('Get-AzAccessToken: boom')).toBe('Get-AzAccessToken: boom');
    expect(redactSecrets('ERROR: fetching token: reauthentication required')).toBe(
      'ERROR: fetching token: reauthentication required',
    );
  });

  it('leaves ordinary text alone', () => {
    const text = 'ManagedIdentityCredential: no identity assigned to this VM (HTTP 400). token_type Bearer.';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactSecrets and error codes', () => {
  it('keeps error codes readable while removing OAuth codes', () => {
    expect(redactSecrets('{"error":{"code":"BadRequest"}}')).toBe('{"error":{"code":"[redacted]"}}');
    expect(redactSecrets('errorCode: 7000215, error_codes=[1]')).toBe('errorCode: 7000215, error_codes=[1]');
    expect(redactSecrets('?code=0.AAAA&state=x')).toBe('?code=[redacted]&state=x');
  });
});

describe('redactSecrets with known secret values', () => {
  it('removes every occurrence of each value, wherever it is quoted', () => {
    expect(redactSecrets("The client secret 'Xy7~q.a' is wrong; Xy7~q.a again", ['Xy7~q.a'])).toBe(
      "The client secret '[redacted]' is wrong; [redacted] again",
    );
    expect(redactSecrets('header abcd-1234 refused', [undefined, 'abcd-1234'])).toBe(
      'header [redacted] refused',
    );
  });

  it('ignores missing values and values too short to be secrets, which would mangle ordinary words', () => {
    expect(redactSecrets('a true story', ['', 'a', 'tru', undefined])).toBe('a true story');
  });

  it('still applies the patterns', () => {
    expect(redactSecrets('client_secret=abc&x=1', ['zzzz'])).toBe('client_secret=[redacted]&x=1');
  });

  it('removes fields named like any OAuth code or verifier', () => {
    expect(redactSecrets('device_code=AB12&code_verifier=xyz&x=1')).toBe(
      'device_code=[redacted]&code_verifier=[redacted]&x=1',
    );
  });
});
