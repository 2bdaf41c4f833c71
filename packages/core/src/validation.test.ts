import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import {
  scopeToResource,
  validateClientId,
  validateProcessSafeScope,
  validateScopes,
  validateTenantId,
} from './validation.js';

describe('validateTenantId', () => {
  it('accepts GUIDs, domain names and the well-known tenants', () => {
    for (const tenant of [
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
      'contoso.onmicrosoft.com',
      'Contoso.OnMicrosoft.com',
      'my-company.co.uk',
      'common',
      'organizations',
      'consumers',
      'adfs',
      'a',
    ]) {
      expect(validateTenantId('X', tenant)).toBe(tenant);
    }
  });

  it('refuses dot segments, which a URL resolves away or climbs with, and option-like names', () => {
    // `.` would POST the secret to <authority>/oauth2/v2.0/token; `..` would climb out of an authority's path.
    for (const bad of ['.', '..', '-', '--debug', '-tenant', 'tenant-', 'a..b', '.a', 'a.', 'a.-b', 'a-.b']) {
      expect(() => validateTenantId('AzureCliCredential', bad), bad).toThrow(InvalidArgumentError);
    }
    expect(() => validateTenantId('X', `${'a'.repeat(63)}.`.repeat(5))).toThrow(InvalidArgumentError);
  });

  it('refuses anything that could change the URL it is put in, naming the credential', () => {
    for (const bad of ['', ' ', 'a/b', 'a?b', 'a#b', '../x', 'tenant id', 'a%2fb', 'a_b', undefined, 42]) {
      expect(() => validateTenantId('ClientSecretCredential', bad), String(bad)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => validateTenantId('ClientSecretCredential', '')).toThrow(
      /^ClientSecretCredential: tenantId is missing\. Troubleshooting: .*#tenant-id$/,
    );
  });

  it('shows a bad value without control characters', () => {
    expect(() => validateTenantId('X', 'evil\ninjected')).toThrow('"evil?injected" is not valid');
  });
});

describe('validateClientId', () => {
  it('accepts GUIDs and app id URIs, refuses spaces and empties', () => {
    expect(validateClientId('X', '04b07795-8ddb-461a-bbee-02f9e1bf7b46')).toBe(
      '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    );
    expect(validateClientId('X', 'api://my-app')).toBe('api://my-app');
    expect(() => validateClientId('X', '')).toThrow(/clientId is missing/);
    expect(() => validateClientId('X', 'a b')).toThrow(InvalidArgumentError);
  });
});

describe('validateScopes', () => {
  it('turns one scope into a list and keeps lists as they are', () => {
    expect(validateScopes('X', 'https://vault.azure.net/.default')).toEqual([
      'https://vault.azure.net/.default',
    ]);
    expect(validateScopes('X', ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('refuses no scope, empty scopes and scopes with spaces or control characters', () => {
    for (const bad of [[], [''], ['a b'], ['ok', 'bad\n']]) {
      expect(() => validateScopes('X', bad), JSON.stringify(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('refuses values that are not strings, wherever they are in the list', () => {
    for (const bad of [[undefined], ['a', undefined], [null], [42], undefined]) {
      expect(() => validateScopes('X', bad as unknown as string[]), String(bad)).toThrow(
        /X: scope is missing/,
      );
    }
  });
});

describe('validateProcessSafeScope', () => {
  it('allows what az accepts and nothing a shell or a flag parser could read', () => {
    expect(validateProcessSafeScope('X', 'https://management.azure.com//.default')).toBeTruthy();
    for (const bad of ['a;rm -rf /', '$(whoami)', 'a`b`', '--output=x', 'a b', "a'b", 'a|b']) {
      expect(() => validateProcessSafeScope('AzureCliCredential', bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it('refuses what is not a string with the same error, though its text would pass (123, null)', () => {
    for (const bad of [123, null, undefined, ['https://x/.default'], { toString: () => 'x' }]) {
      expect(() => validateProcessSafeScope('AzureCliCredential', bad), String(bad)).toThrow(
        InvalidArgumentError,
      );
    }
  });
});

describe('scopeToResource', () => {
  it('strips /.default and leaves other scopes alone', () => {
    expect(scopeToResource('https://vault.azure.net/.default')).toBe('https://vault.azure.net');
    expect(scopeToResource('https://graph.microsoft.com/User.Read')).toBe(
      'https://graph.microsoft.com/User.Read',
    );
  });
});
