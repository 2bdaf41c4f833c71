// RC2 against OpenSSL's own (its legacy provider, which the openssl tool can load and Node cannot).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rc2CbcDecrypt } from './client-certificate-rc2.js';

function opensslRc2(cipher: 'rc2-40-cbc' | 'rc2-cbc', key: string, iv: string, plain: string): Uint8Array {
  const args = ['enc', `-${cipher}`, '-K', key, '-iv', iv, '-provider', 'legacy', '-provider', 'default'];
  return new Uint8Array(execFileSync('openssl', args, { input: plain }));
}

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const PLAIN = 'The certificates of a legacy PFX are encrypted with 40-bit RC2.';

describe('rc2CbcDecrypt', () => {
  it('decrypts what OpenSSL encrypted with a 40-bit key, as legacy PFX files use it', () => {
    const [key, iv] = ['0102030405', '0001020304050607'];
    const decrypted = rc2CbcDecrypt(hex(key), 40, hex(iv), opensslRc2('rc2-40-cbc', key, iv, PLAIN));
    expect(new TextDecoder().decode(decrypted)).toBe(PLAIN);
  });

  it('decrypts with a 128-bit key, and a whole block of padding', () => {
    const [key, iv] = ['88bca90e90875a7f0f79c384627bafb2', 'f0e0d0c0b0a09080'];
    const plain = 'sixteen bytes...';
    const decrypted = rc2CbcDecrypt(hex(key), 128, hex(iv), opensslRc2('rc2-cbc', key, iv, plain));
    expect(new TextDecoder().decode(decrypted)).toBe(plain);
  });

  it('refuses data that is not whole blocks, and never finds the plaintext with another key', () => {
    const [key, iv] = ['0102030405', '0001020304050607'];
    const encrypted = opensslRc2('rc2-40-cbc', key, iv, PLAIN);
    let withOtherKey = '';
    try {
      withOtherKey = new TextDecoder().decode(rc2CbcDecrypt(hex('0102030406'), 40, hex(iv), encrypted));
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
    }
    expect(withOtherKey).not.toBe(PLAIN);
    expect(() => rc2CbcDecrypt(hex(key), 40, hex(iv), encrypted.subarray(1))).toThrow(RangeError);
  });
});
