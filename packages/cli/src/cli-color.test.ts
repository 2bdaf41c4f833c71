import { describe, expect, it } from 'vitest';
import { colorEnabled, palette } from './cli-color.js';

const terminal = { write: () => true, isTTY: true };
const pipe = { write: () => true };

describe('colorEnabled', () => {
  it.each([
    ['a terminal', terminal, {}, true],
    ['a pipe', pipe, {}, false],
    ['a terminal with NO_COLOR=1', terminal, { NO_COLOR: '1' }, false],
    ['a terminal with NO_COLOR empty (ignored, as no-color.org says)', terminal, { NO_COLOR: '' }, true],
    ['a pipe with FORCE_COLOR=1', pipe, { FORCE_COLOR: '1' }, true],
    ['a pipe with FORCE_COLOR=true', pipe, { FORCE_COLOR: 'true' }, true],
    ['a terminal with FORCE_COLOR=0', terminal, { FORCE_COLOR: '0' }, false],
    ['a terminal with FORCE_COLOR=false', terminal, { FORCE_COLOR: 'false' }, false],
    [
      'a pipe with both NO_COLOR and FORCE_COLOR (NO_COLOR wins)',
      pipe,
      { NO_COLOR: '1', FORCE_COLOR: '1' },
      false,
    ],
    ['a terminal with TERM=dumb', terminal, { TERM: 'dumb' }, false],
    ['TERM=dumb with FORCE_COLOR=1', terminal, { TERM: 'dumb', FORCE_COLOR: '1' }, true],
  ])('%s: %s', (_, stream, env, expected) => {
    expect(colorEnabled(stream, env)).toBe(expected);
  });
});

describe('palette', () => {
  it('writes escape codes only when colour is on', () => {
    expect(palette(terminal, {}).green('ok')).toBe('\x1b[32mok\x1b[39m');
    expect(palette(terminal, { NO_COLOR: '1' }).green('ok')).toBe('ok');
    expect(palette(pipe, {}).bold('title')).toBe('title');
  });
});
