import { describe, expect, it } from 'vitest';
import { azureCliFailureKind } from './azure-cli-failure.js';

describe('what a failed az run means', () => {
  it.each([
    ['/bin/sh: 1: az: not found', 'not-installed'],
    [
      "'az' is not recognized as an internal or external command,\noperable program or batch file.",
      'not-installed',
    ],
    ["ERROR: Please run 'az login' to setup account.", 'not-logged-in'],
    ["ERROR: Please run 'az account set' to select a subscription.", 'not-logged-in'],
    [
      'ERROR: AADSTS700082: The refresh token has expired due to inactivity.\nTo re-authenticate, please run:\naz login --scope https://vault.azure.net/.default',
      'reauthenticate',
    ],
    // Signed in, but Entra wants more (MFA, consent, a revoked session): the CLI ends its message with `az login`.
    [
      "ERROR: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.\nTrace ID: 0000\nRun the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login",
      'reauthenticate',
    ],
    ["ERROR: Subscription 'Nope' not found. Check the spelling and casing and try again.", 'failed'],
    ['', 'failed'],
  ])('%j is %s', (stderr, kind) => {
    expect(azureCliFailureKind(stderr)).toBe(kind);
  });
});
