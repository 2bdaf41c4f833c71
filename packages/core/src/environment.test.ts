import { describe, expect, it } from 'vitest';
import { readFlag, readList, readVariable } from './environment.js';

describe('environment helpers', () => {
  it('treat blank values as unset and trim the rest', () => {
    expect(readVariable({ A: '  ' }, 'A')).toBeUndefined();
    expect(readVariable({ A: ' x ' }, 'A')).toBe('x');
    expect(readVariable({}, 'A')).toBeUndefined();
  });

  it('read flags as the Azure SDKs do: true or 1, in any case', () => {
    expect(['true', 'TRUE', '1', ' True '].map((v) => readFlag({ F: v }, 'F'))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['false', '0', 'yes', ''].map((v) => readFlag({ F: v }, 'F'))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('split ;-separated lists', () => {
    expect(readList({ L: 'a; b;;c ' }, 'L')).toEqual(['a', 'b', 'c']);
    expect(readList({}, 'L')).toEqual([]);
  });
});
