import { describe, expect, it } from 'vitest';
import {
  importCacheKey,
  isSealedCache,
  openSealedCache,
  sealCache,
  sealedCacheError,
} from './cache-persistence-protection-keyring-sealing.js';

const CONTENTS = '{"RefreshToken":{"x":{"secret":"0.AAAA-refresh-token-of-the-test"}}}';
const encode = (text: string) => new TextEncoder().encode(text);
const newKey = () => importCacheKey(crypto.getRandomValues(new Uint8Array(32)));
const flip = (bytes: Uint8Array, at: number) => {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
};

describe('a sealed cache file', () => {
  it('opens with the key that sealed it, to the same contents', async () => {
    const key = await newKey();
    const opened = await openSealedCache(key, await sealCache(key, encode(CONTENTS)));
    expect(new TextDecoder().decode(opened as Uint8Array)).toBe(CONTENTS);
  });

  it('starts with its header: magic "IDCP", version 1, the key id, a nonce; then ciphertext and tag', async () => {
    const key = await newKey();
    const sealed = await sealCache(key, encode(CONTENTS));
    expect(new TextDecoder().decode(sealed.subarray(0, 4))).toBe('IDCP');
    expect(sealed[4]).toBe(1);
    expect([...sealed.subarray(5, 13)]).toEqual([...key.id]);
    expect(sealed.length).toBe(25 + CONTENTS.length + 16);
    expect(isSealedCache(sealed)).toBe(true);
    expect(isSealedCache(encode(CONTENTS))).toBe(false);
  });

  it('holds nothing of the contents in clear, and differs on every write (a new nonce each time)', async () => {
    const key = await newKey();
    const [first, second] = [await sealCache(key, encode(CONTENTS)), await sealCache(key, encode(CONTENTS))];
    const text = Buffer.from(first as Uint8Array).toString('latin1');
    expect(text).not.toContain('refresh-token');
    expect(text).not.toContain('RefreshToken');
    expect(Buffer.from(first as Uint8Array).equals(Buffer.from(second as Uint8Array))).toBe(false);
  });

  it('is refused when any byte was altered: header, nonce, ciphertext or tag', async () => {
    const key = await newKey();
    const sealed = await sealCache(key, encode(CONTENTS));
    // The version, the nonce, the ciphertext and the tag (an altered key id reads as another key).
    for (const at of [4, 13, 24, 25, sealed.length - 1]) {
      expect(await openSealedCache(key, flip(sealed, at)), `byte ${at}`).toBe('unreadable');
    }
  });

  it('is refused when truncated, empty, or in clear', async () => {
    const key = await newKey();
    const sealed = await sealCache(key, encode(CONTENTS));
    expect(await openSealedCache(key, sealed.subarray(0, sealed.length - 1))).toBe('unreadable');
    expect(await openSealedCache(key, sealed.subarray(0, 30))).toBe('unreadable');
    expect(await openSealedCache(key, new Uint8Array())).toBe('unreadable');
    expect(await openSealedCache(key, encode(CONTENTS))).toBe('unreadable');
  });

  it('is told apart when a newer version of this library sealed it (a format this version does not read)', async () => {
    const key = await newKey();
    const newer = await sealCache(key, encode(CONTENTS));
    newer[4] = 2;
    expect(await openSealedCache(key, newer)).toBe('newer-format');
    // Even a newer file too short for this version's header: its layout is the newer version's.
    expect(await openSealedCache(key, newer.subarray(0, 6))).toBe('newer-format');
  });

  it('is told apart when another key sealed it', async () => {
    const sealed = await sealCache(await newKey(), encode(CONTENTS));
    expect(await openSealedCache(await newKey(), sealed)).toBe('another-key');
  });

  it('that does not open is reported with what happened and what to do, never its contents', () => {
    const anotherKey = sealedCacheError('another-key', 'Secret Service (D-Bus)');
    expect(anotherKey.name).toBe('CredentialUnavailableError');
    expect(anotherKey.message).toMatch(/key the Secret Service \(D-Bus\) no longer holds.*sign in again/);
    expect(anotherKey.message).toMatch(/#cache-persistence-encrypted-file$/);
    expect(sealedCacheError('unreadable', 'macOS Keychain').message).toMatch(/truncated or altered/);
    const newer = sealedCacheError('newer-format', 'macOS Keychain');
    expect(newer).toMatchObject({ name: 'CachePersistenceError', code: 'NEWER_FORMAT' });
    expect(newer.message).toMatch(/newer version.*left as it is.*Upgrade.*#cache-persistence-newer-format$/);
  });
});
