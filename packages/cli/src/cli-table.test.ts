import { describe, expect, it } from 'vitest';
import { formatTable } from './cli-table.js';

const doctorRows = [
  ['credential', 'result', 'why', 'next step'],
  [
    'AzureCliCredential',
    'unavailable',
    'Azure CLI is not installed (no az on PATH).',
    "Install it (https://aka.ms/azure-cli), then run 'az login'.",
  ],
  ['EnvironmentCredential', 'ok', 'token for https://management.azure.com/.default', ''],
];

describe('formatTable', () => {
  it('pads columns to the widest cell and rules the header', () => {
    expect(
      formatTable([
        ['credential', 'result'],
        ['AzureCliCredential', 'ok'],
      ]),
    ).toBe(['credential          result', '------------------  ------', 'AzureCliCredential  ok'].join('\n'));
  });

  it('wraps a long cell inside its column to fit the width', () => {
    const table = formatTable(
      [
        ['a', 'b'],
        ['x', 'one two three four'],
      ],
      { width: 10 },
    );
    expect(table.split('\n')).toEqual(['a  b', '-  -------', 'x  one two', '   three', '   four']);
  });

  it('never cuts a cell without a width (piped output stays one line per row)', () => {
    const lines = formatTable(doctorRows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(
      /^AzureCliCredential +unavailable +Azure CLI is not installed \(no az on PATH\)\. +Install it/,
    );
  });

  it.each([60, 80, 100])('fits a terminal %i columns wide, shrinking the widest columns first', (width) => {
    const lines = formatTable(doctorRows, { width }).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    expect(lines[0]).toMatch(/^credential +result +why +next step$/);
    expect(lines.length).toBeGreaterThan(4);
  });

  it('keeps words whole while the terminal is wide enough', () => {
    const table = formatTable(doctorRows, { width: 80 });
    expect(table).toMatch(/^EnvironmentCredential +ok +token for/m);
    expect(table).toMatch(/^AzureCliCredential +unavailable +Azure CLI is not/m);
  });

  it('keeps its natural layout when it already fits', () => {
    expect(formatTable(doctorRows, { width: 500 })).toBe(formatTable(doctorRows));
  });

  it('splits a word longer than its column', () => {
    const table = formatTable(
      [
        ['name', 'value'],
        ['key', 'abcdefghijklmnopqrstuvwxyz'],
      ],
      { width: 15 },
    );
    expect(table.split('\n')).toEqual([
      'name  value',
      '----  ---------',
      'key   abcdefghi',
      '      jklmnopqr',
      '      stuvwxyz',
    ]);
  });

  it('styles cells after layout, so escape codes take no width', () => {
    const bold = (text: string) => `\x1b[1m${text}\x1b[22m`;
    const styled = formatTable(doctorRows, {
      width: 70,
      style: (text, row) => (row === 0 ? bold(text) : text),
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the escape codes this test added
    expect(styled.replace(/\x1b\[\d+m/g, '')).toBe(formatTable(doctorRows, { width: 70 }));
    expect(styled.split('\n')[0]).toContain(bold('credential'));
  });
});
