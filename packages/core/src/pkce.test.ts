import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPkcePair, randomBase64Url } from './pkce.js';

// RFC 7636 §4.1: code_verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

describe('createPkcePair', () => {
  it('makes a verifier of 43 characters from the alphabet RFC 7636 allows', async () => {
    const { verifier, method } = await createPkcePair();
    expect(verifier).toMatch(VERIFIER);
    expect(verifier).toHaveLength(43);
    expect(method).toBe('S256');
  });

  it('makes the S256 challenge: base64url of the SHA-256 of the verifier, without padding', async () => {
    const { verifier, challenge } = await createPkcePair();
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(challenge).not.toContain('=');
  });

  it('never repeats a verifier', async () => {
    const verifiers = new Set(
      await Promise.all(Array.from({ length: 50 }, async () => (await createPkcePair()).verifier)),
    );
    expect(verifiers.size).toBe(50);
  });
});

describe('randomBase64Url', () => {
  it('encodes the asked number of random bytes as URL-safe text', () => {
    expect(randomBase64Url()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomBase64Url(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(randomBase64Url(48), 'base64url')).toHaveLength(48);
  });

  it('uses the URL-safe alphabet: "-" and "_" where standard base64 has "+" and "/"', () => {
    // 200 values of 32 bytes hold both characters with near certainty.
    const text = Array.from({ length: 200 }, () => randomBase64Url()).join('');
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text).toContain('-');
    expect(text).toContain('_');
  });

  it('differs on every call', () => {
    expect(new Set(Array.from({ length: 100 }, () => randomBase64Url())).size).toBe(100);
  });
});
