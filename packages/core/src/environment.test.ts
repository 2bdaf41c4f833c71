import { describe, expect, it } from 'vitest';
import { readFlag, readList, readVariable } from './environment.js';

describe('environment helpers', () => {
  it('treat blank values as unset and trim the rest', () => {
    expect(readVariable({ A: '  ' }, 'A')).toBeUndefined();
    expect(readVariable({ A: ' x ' }, 'A')).toBe('x');
    expect(readVariable({}, 'A')).toBeUndefined();
  });

  it('treat a variable the runtime refuses to read as unset, as Deno does without --allow-env', () => {
    // Deno's process.env checks its permissions on every read, like this stand-in (`--allow-env=A`).
    const env = new Proxy<Record<string, string>>(
      { A: 'a', B: 'b' },
      {
        get(target, name) {
          if (name !== 'A') throw new Error(`NotCapable: Requires env access to "${String(name)}"`);
          return target[name];
        },
      },
    );
    expect(readVariable(env, 'A')).toBe('a');
    expect(readVariable(env, 'B')).toBeUndefined();
    expect(readFlag(env, 'B')).toBe(false);
    expect(readList(env, 'B')).toEqual([]);
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
