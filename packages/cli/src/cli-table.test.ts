import { describe, expect, it } from 'vitest';
import { formatTable } from './cli-table.js';

describe('formatTable', () => {
  it('pads columns to the widest cell and rules the header', () => {
    expect(
      formatTable([
        ['credential', 'result'],
        ['AzureCliCredential', 'ok'],
      ]),
    ).toBe(['credential          result', '------------------  ------', 'AzureCliCredential  ok'].join('\n'));
  });

  it('wraps a long cell inside its column', () => {
    const table = formatTable(
      [
        ['a', 'b'],
        ['x', 'one two three four'],
      ],
      9,
    );
    expect(table.split('\n')).toEqual(['a  b', '-  -------', 'x  one two', '   three', '   four']);
  });
});
