import { AuthenticationError, CredentialUnavailableError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import type { DoctorResult } from './cli-doctor-report.js';
import { explain, resultOf, verdict } from './cli-doctor-report.js';

describe('explain: why and next step out of a member message', () => {
  it.each([
    [
      'AzureCliCredential',
      "AzureCliCredential: Azure CLI is not installed (no az on PATH). Install it (https://aka.ms/azure-cli), then run 'az login'. Troubleshooting: @identity/core/TROUBLESHOOTING.md#azure-cli-credential",
      {
        why: 'Azure CLI is not installed (no az on PATH).',
        next: "Install it (https://aka.ms/azure-cli), then run 'az login'.",
        guide: '@identity/core/TROUBLESHOOTING.md#azure-cli-credential',
      },
    ],
    [
      'EnvironmentCredential',
      'EnvironmentCredential is unavailable: no AZURE_* credential variables are set. Set AZURE_TENANT_ID.',
      { why: 'no AZURE_* credential variables are set.', next: 'Set AZURE_TENANT_ID.' },
    ],
    ['ManagedIdentityCredential', 'something odd', { why: 'something odd', next: '' }],
  ])('%s', (name, message, expected) => {
    expect(explain(name, message)).toEqual(expected);
  });
});

describe('resultOf', () => {
  it('tells unavailable (the chain moves on) from failed (the chain stops)', () => {
    expect(resultOf(new CredentialUnavailableError('x'))).toBe('unavailable');
    expect(resultOf(new AuthenticationError(401, { error: 'invalid_client' }))).toBe('failed');
    expect(resultOf(new Error('boom'))).toBe('failed');
  });
});

describe('verdict: what the chain would do', () => {
  const row = (credential: string, result: DoctorResult) => ({
    credential,
    result,
    why: '',
    next: '',
  });

  it('uses the first member that works', () => {
    expect(verdict([row('A', 'skipped'), row('B', 'unavailable'), row('C', 'ok'), row('D', 'ok')])).toEqual({
      works: true,
      line: 'DefaultAzureCredential would use C.',
    });
  });

  it('stops at a failing member before any that works', () => {
    const result = verdict([row('A', 'unavailable'), row('B', 'failed'), row('C', 'ok')]);
    expect(result.works).toBe(false);
    expect(result.line).toMatch(/^DefaultAzureCredential would stop at B: it is configured but fails/);
  });

  it('counts a member not tried (an account signed in with identity login) as the one it would use, saying so', () => {
    const result = verdict([row('A', 'unavailable'), row('B', 'not tried'), row('C', 'ok')]);
    expect(result.works).toBe(true);
    expect(result.line).toMatch(/^DefaultAzureCredential would use B, as .*\(not tried: /);
    expect(verdict([row('A', 'failed'), row('B', 'not tried')]).works).toBe(false);
  });

  it('says when nothing works', () => {
    expect(verdict([row('A', 'unavailable'), row('B', 'skipped')]).works).toBe(false);
  });
});
