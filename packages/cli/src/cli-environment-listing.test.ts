import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { describeVariable, listEnvironment, SECRET_VARIABLES } from './cli-environment-listing.js';

describe('the environment listing', () => {
  it.each([...SECRET_VARIABLES])('shows %s only as set (redacted)', (name) => {
    const value = testSecret(name);
    expect(describeVariable(name, value)).toBe('set (redacted)');
    expect(JSON.stringify(listEnvironment({ [name]: value }))).not.toContain(value);
  });

  it('shows other values, with anything that looks like a token redacted and long values shortened', () => {
    expect(describeVariable('AZURE_CLIENT_ID', ' app-id ')).toBe('app-id');
    expect(describeVariable('AZURE_AUTHORITY_HOST', 'https://h/?access_token=abc123')).toBe(
      'https://h/?access_token=[redacted]',
    );
    expect(describeVariable('AZURE_FEDERATED_TOKEN_FILE', `/${'a'.repeat(200)}`)).toHaveLength(121);
  });

  it('never shows the user name and password of a URL (an authority host, the token proxy)', () => {
    const password = testSecret('url-password');
    for (const name of ['AZURE_AUTHORITY_HOST', 'AZURE_KUBERNETES_TOKEN_PROXY', 'IDENTITY_ENDPOINT']) {
      const shown = describeVariable(name, `https://bob:${password}@proxy.example:8443/path`);
      expect(shown).toBe('https://[redacted]@proxy.example:8443/path');
    }
  });

  it('shows control characters and bidi overrides as \\uXXXX, so a value cannot drive the terminal', () => {
    expect(describeVariable('AZURE_CLIENT_ID', 'app\u001b]0;owned\u0007\u009b2J\u202e')).toBe(
      'app\\u001b]0;owned\\u0007\\u009b2J\\u202e',
    );
  });

  it('says not set for unset and blank variables', () => {
    expect(describeVariable('AZURE_TENANT_ID', undefined)).toBe('not set');
    expect(describeVariable('AZURE_TENANT_ID', '  ')).toBe('not set');
  });

  it('lists the variables in a fixed order', () => {
    expect(
      listEnvironment({})
        .slice(0, 3)
        .map((entry) => entry.name),
    ).toEqual(['AZURE_TOKEN_CREDENTIALS', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID']);
  });
});
