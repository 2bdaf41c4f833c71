import { InvalidArgumentError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { TokenSealer } from './cache-redis-sealing.js';

const token = {
  token: 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ2YXVsdCJ9.c2lnbmF0dXJl',
  expiresOnTimestamp: 1_900_000_000_000,
  refreshAfterTimestamp: 1_899_999_000_000,
  tokenType: 'Bearer' as const,
};
const key = (fill: number) => new Uint8Array(32).fill(fill);

describe('TokenSealer', () => {
  it('seals a token so that only its keys open it, under the name it was sealed for', async () => {
    const sealer = new TokenSealer({ keys: [key(1)] });
    const sealed = await sealer.seal('identity:a:token', token);
    expect(sealed).toMatch(/^e1\.[\w-]+$/);
    expect(sealed).not.toContain('eyJ');
    expect(await sealer.open('identity:a:token', sealed)).toEqual(token);
    // Moved under another name, tampered with, or sealed with another key: it does not open.
    expect(await sealer.open('identity:b:token', sealed)).toBeUndefined();
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(await sealer.open('identity:a:token', flipped)).toBeUndefined();
    expect(await new TokenSealer({ keys: [key(2)] }).open('identity:a:token', sealed)).toBeUndefined();
  });

  it('opens with every key of the list, newest first, and seals with the newest', async () => {
    const old = new TokenSealer({ keys: [key(1)] });
    const rotated = new TokenSealer({ keys: [Buffer.from(key(2)).toString('base64url'), key(1)] });
    const sealedByOld = await old.seal('n', token);
    expect(await rotated.open('n', sealedByOld)).toEqual(token);
    const sealedByNew = await rotated.seal('n', token);
    expect(await old.open('n', sealedByNew)).toBeUndefined();
    expect(await new TokenSealer({ keys: [key(2)] }).open('n', sealedByNew)).toEqual(token);
  });

  it('keeps tokens in clear only when told to, and never mixes the two', async () => {
    expect(() => new TokenSealer({})).toThrow(InvalidArgumentError);
    const clear = new TokenSealer({ unencrypted: true });
    const plain = await clear.seal('n', token);
    expect(await clear.open('n', plain)).toEqual(token);
    expect(await new TokenSealer({ keys: [key(1)] }).open('n', plain)).toBeUndefined();
    expect(await clear.open('n', await new TokenSealer({ keys: [key(1)] }).seal('n', token))).toBeUndefined();
  });

  it('hands out only what has the shape of a token', async () => {
    const clear = new TokenSealer({ unencrypted: true });
    for (const value of ['p1.{"token":1}', 'p1.null', 'p1.not json', 'e1.%%%', '']) {
      expect(await clear.open('n', value)).toBeUndefined();
    }
  });

  it('names entries by a hash of the cache key, the same for every key list', async () => {
    const cacheKey =
      'https://login.microsoftonline.com|client-id||tenant-id|https://vault.azure.net/.default|';
    const name = await new TokenSealer({ keys: [key(1)] }).name('identity', cacheKey);
    expect(name).toMatch(/^identity:[\w-]{43}$/);
    expect(name).not.toMatch(/client|tenant|vault/);
    expect(await new TokenSealer({ keys: [key(2)] }).name('identity', cacheKey)).toBe(name);
    expect(await new TokenSealer({ keys: [key(1)] }).name('identity', `${cacheKey}x`)).not.toBe(name);
  });
});
