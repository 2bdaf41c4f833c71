import { describe, expect, it } from 'vitest';
import { decodeJwtClaims } from './jwt-claims.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('decodeJwtClaims', () => {
  it('reads the payload, including non-ASCII text and url-safe base64 without padding', () => {
    const jwt = `${encode({ alg: 'none' })}.${encode({ name: 'Zoë', aud: 'https://vault.azure.net', sub: '??>' })}.`;
    expect(decodeJwtClaims(jwt)).toEqual({ name: 'Zoë', aud: 'https://vault.azure.net', sub: '??>' });
  });

  it('reads a payload of every length: base64url leaves out one, two or no padding characters', () => {
    for (const sub of ['a', 'ab', 'abc', 'abcd']) {
      const payload = encode({ sub });
      expect(decodeJwtClaims(`h.${payload}.s`), `${payload.length % 4} left over`).toEqual({ sub });
    }
  });

  it('returns undefined for anything that is not a JWT', () => {
    expect(decodeJwtClaims('opaque')).toBeUndefined();
    expect(decodeJwtClaims('a.%%%.c')).toBeUndefined();
    expect(decodeJwtClaims(`x.${encode('string')}.y`)).toBeUndefined();
  });
});
