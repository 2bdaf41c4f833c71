// RC2 decryption (RFC 2268) in CBC mode, for the certificates of legacy PFX files: Windows and OpenSSL 1.x
// encrypt them with 40-bit RC2, which OpenSSL 3 (so Node) offers only through its legacy provider, off by default.

// RFC 2268's PITABLE: a permutation of 0..255 derived from the digits of pi.
const PITABLE = `
  d978f9c419ddb5ed28e9fd794aa0d89d
  c67e37832b76538e624c6488448bfba2
  179a59f587b34f1361456d8d09817d32
  bd8f40eb86b77b0bf09521225c6b4e82
  54d66593ce60b21c7356c014a78cf1dc
  1275ca1f3bbee4d1423dd430a33cb626
  6fbf0eda4669075727f21d9bbc944303
  f811c7f690ef3ee706c3d52fc8661ed7
  08e8eade8052eef784aa72ac354d6a2a
  961ad2715a1549744b9fd05e0418a4ec
  c2e0416e0f51cbcc2491af50a1f47039
  997c3a8523b8b47afc02365b25559731
  2d5dfa98e38a92ae05df2910676cbac9
  d300e6cfe19ea82c6316013f58e289a9
  0d38341bab33ffb0bb480c5fb9b1cd2e
  c5f3db47e5a59c770aa62068fe7fc1ad`;
// The rotation of each 16-bit word in a mixing round.
const ROTATIONS = [1, 2, 3, 5];

let piTable: number[] | undefined;

/**
 * Decrypts RC2-CBC with PKCS#7 padding. `effectiveBits` is RC2's effective key length (40 for
 * pbeWithSHAAnd40BitRC2-CBC). Throws a `RangeError` when the padding is not valid (a wrong key).
 *
 * @example
 * ```ts
 * const plain = rc2CbcDecrypt(key, 40, iv, encrypted);
 * ```
 */
export function rc2CbcDecrypt(
  key: Uint8Array,
  effectiveBits: number,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const expanded = expandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  let previous = iv;
  for (let offset = 0; offset + 8 <= data.length; offset += 8) {
    const block = data.subarray(offset, offset + 8);
    const words = [0, 2, 4, 6].map((i) => (block[i] as number) | ((block[i + 1] as number) << 8));
    const word = (i: number) => words[i & 3] as number;
    let j = 63;
    // Encryption is 5 mixing rounds, a mash, 6 mixing, a mash, 5 mixing; this undoes them in reverse.
    for (const round of [5, 0, 6, 0, 5]) {
      for (let r = 0; r < (round || 1); r++) {
        for (let i = 3; i >= 0; i--) {
          let value = word(i);
          if (round) {
            const s = ROTATIONS[i] as number;
            value = ((value >> s) | (value << (16 - s))) - (expanded[j--] as number);
            value -= (word(i + 3) & word(i + 2)) + (~word(i + 3) & word(i + 1));
          } else {
            value -= expanded[word(i + 3) & 63] as number;
          }
          words[i] = value & 0xffff;
        }
      }
    }
    for (let i = 0; i < 8; i++) {
      out[offset + i] = ((word(i >> 1) >> ((i & 1) * 8)) & 255) ^ (previous[i] as number);
    }
    previous = block;
  }
  const padding = out[out.length - 1] as number;
  if (data.length % 8 || padding < 1 || padding > 8) throw new RangeError('RC2 padding is not valid');
  return out.subarray(0, out.length - padding);
}

// RFC 2268 section 2: 128 bytes of key table, limited to the effective key length, as 64 16-bit words.
function expandKey(key: Uint8Array, effectiveBits: number): number[] {
  piTable ??= (PITABLE.match(/[0-9a-f]{2}/g) as string[]).map((pair) => Number.parseInt(pair, 16));
  const pi = piTable;
  const table = new Uint8Array(128);
  table.set(key);
  const bytes = (effectiveBits + 7) >> 3;
  for (let i = key.length; i < 128; i++) {
    table[i] = pi[((table[i - 1] as number) + (table[i - key.length] as number)) & 255] as number;
  }
  table[128 - bytes] = pi[(table[128 - bytes] as number) & (255 >> (8 * bytes - effectiveBits))] as number;
  for (let i = 127 - bytes; i >= 0; i--) {
    table[i] = pi[(table[i + 1] as number) ^ (table[i + bytes] as number)] as number;
  }
  return Array.from({ length: 64 }, (_, i) => (table[2 * i] as number) | ((table[2 * i + 1] as number) << 8));
}
