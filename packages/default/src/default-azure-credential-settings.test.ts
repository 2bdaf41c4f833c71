import { InvalidArgumentError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { checkRequiredEnvVars } from './default-azure-credential-settings.js';

describe('requiredEnvVars', () => {
  it('passes when every named variable is set', () => {
    expect(() =>
      checkRequiredEnvVars(['AZURE_TOKEN_CREDENTIALS', 'AZURE_CLIENT_ID'], {
        AZURE_TOKEN_CREDENTIALS: 'prod',
        AZURE_CLIENT_ID: 'app',
      }),
    ).not.toThrow();
  });

  it('takes one name as well as a list', () => {
    expect(() => checkRequiredEnvVars('AZURE_TENANT_ID', {})).toThrow(
      /requiredEnvVars names variables that are not set or empty: AZURE_TENANT_ID\./,
    );
  });

  it('names every missing or blank variable, and nothing else', () => {
    const attempt = () =>
      checkRequiredEnvVars(['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_TOKEN_CREDENTIALS'], {
        AZURE_CLIENT_ID: ' ',
        AZURE_TOKEN_CREDENTIALS: 'dev',
      });
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(/not set or empty: AZURE_CLIENT_ID, AZURE_TENANT_ID\./);
  });

  it('is a no-op when none are required', () => {
    expect(() => checkRequiredEnvVars(undefined, {})).not.toThrow();
  });
});
