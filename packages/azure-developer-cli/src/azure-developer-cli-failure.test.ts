import { describe, expect, it } from 'vitest';
import { azureDeveloperCliFailureKind, azureDeveloperCliMessages } from './azure-developer-cli-failure.js';

describe("azd's standard error", () => {
  it('yields the messages of JSON lines, and plain lines as they are', () => {
    const stderr = [
      '{"type":"consoleMessage","timestamp":"2026-01-01T00:00:00Z","data":{"message":"\\nERROR: fetching token: not logged in, run `azd auth login` to login\\n"}}',
      '{"error":"second"}',
      '{"error":{"message":"third"}}',
      'plain line',
      '{not json',
    ].join('\n');
    expect(azureDeveloperCliMessages(stderr)).toBe(
      'ERROR: fetching token: not logged in, run `azd auth login` to login\n\nsecond\nthird\nplain line\n{not json',
    );
  });
});

describe('what a failed azd run means', () => {
  it.each([
    ['/bin/sh: 1: azd: not found', 'not-installed'],
    ["'azd' is not recognized as an internal or external command,", 'not-installed'],
    ['ERROR: fetching token: not logged in, run `azd auth login` to login', 'not-logged-in'],
    ['not logged in, run `azd login` to login', 'not-logged-in'],
    ['ERROR: fetching token: reauthentication required: run `azd auth login --scope x`', 'reauthenticate'],
    [
      'AADSTS50076: Due to a configuration change ... you must use multi-factor authentication',
      'reauthenticate',
    ],
    ['AADSTS700082: The refresh token has expired. Run `azd auth login` to sign in again.', 'reauthenticate'],
    ['ERROR: unknown flag: --claims', 'failed'],
  ])('%j is %s', (messages, kind) => {
    expect(azureDeveloperCliFailureKind(messages)).toBe(kind);
  });
});
