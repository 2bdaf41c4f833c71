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
    const sealed = (await sealer.seal('identity:a:token', token)) as string;
    expect(sealed).toMatch(/^e1\.[\w-]+$/);
    expect(sealed).not.toContain('eyJ');
    expect(await sealer.open('identity:a:token', sealed)).toEqual(token);
    // Moved under another name, tampered with, or sealed with another key: it does not open.
    expect(await sealer.open('identity:b:token', sealed)).toBeUndefined();
    // One character in the middle of the ciphertext changed (the last one may only carry base64 padding bits).
    const middle = Math.floor(sealed.length / 2);
    const flipped = `${sealed.slice(0, middle)}${sealed[middle] === 'A' ? 'B' : 'A'}${sealed.slice(middle + 1)}`;
    expect(await sealer.open('identity:a:token', flipped)).toBeUndefined();
    expect(await new TokenSealer({ keys: [key(2)] }).open('identity:a:token', sealed)).toBeUndefined();
  });

  it('opens with every key of the list, newest first, and seals with the newest', async () => {
    const old = new TokenSealer({ keys: [key(1)] });
    const rotated = new TokenSealer({ keys: [Buffer.from(key(2)).toString('base64url'), key(1)] });
    const sealedByOld = (await old.seal('n', token)) as string;
    expect(await rotated.open('n', sealedByOld)).toEqual(token);
    const sealedByNew = (await rotated.seal('n', token)) as string;
    expect(await old.open('n', sealedByNew)).toBeUndefined();
    expect(await new TokenSealer({ keys: [key(2)] }).open('n', sealedByNew)).toEqual(token);
  });

  it('keeps tokens in clear only when told to, and never mixes the two', async () => {
    expect(() => new TokenSealer({})).toThrow(InvalidArgumentError);
    const clear = new TokenSealer({ unencrypted: true });
    const plain = (await clear.seal('n', token)) as string;
    expect(await clear.open('n', plain)).toEqual(token);
    expect(await new TokenSealer({ keys: [key(1)] }).open('n', plain)).toBeUndefined();
    const sealed = (await new TokenSealer({ keys: [key(1)] }).seal('n', token)) as string;
    expect(await clear.open('n', sealed)).toBeUndefined();
  });

  it('hands out only what has the shape of a token', async () => {
    const clear = new TokenSealer({ unencrypted: true });
    for (const value of ['p1.{"token":1}', 'p1.null', 'p1.not json', 'e1.%%%', '']) {
      expect(await clear.open('n', value)).toBeUndefined();
    }
  });

  it('never hands out a hostile value as a token: infinite or late times, an empty token', async () => {
    const clear = new TokenSealer({ unencrypted: true });
    const hostile = [
      // JSON reads 1e999 as Infinity: a token that would never expire nor be refreshed.
      'p1.{"token":"evil","expiresOnTimestamp":1e999,"refreshAfterTimestamp":1e999}',
      'p1.{"token":"","expiresOnTimestamp":1900000000000,"refreshAfterTimestamp":1899999000000}',
      // Long expired, but "refresh" far ahead: the cache would serve it as fresh.
      'p1.{"token":"stale","expiresOnTimestamp":1000,"refreshAfterTimestamp":1899999000000}',
      'p1.["token"]',
    ];
    for (const value of hostile) expect(await clear.open('n', value)).toBeUndefined();
  });

  it('seals nothing that would not open as a token', async () => {
    const sealer = new TokenSealer({ keys: [key(1)] });
    const late = { ...token, refreshAfterTimestamp: token.expiresOnTimestamp + 1 };
    expect(await sealer.seal('n', late)).toBeUndefined();
    expect(await sealer.seal('n', { ...token, token: '' })).toBeUndefined();
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
