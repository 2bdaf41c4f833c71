import { describe, expect, it } from 'vitest';
import { CredentialUnavailableError, InvalidArgumentError } from './errors.js';
import { resolveTenant } from './multi-tenant.js';

describe('resolveTenant', () => {
  it('uses the configured tenant when the call asks for none', () => {
    expect(resolveTenant('X', 'home', undefined, [], {})).toBe('home');
  });

  it('uses the requested tenant when it is the configured one (in any case) or allowed', () => {
    expect(resolveTenant('X', 'home', 'HOME', [], {})).toBe('HOME');
    expect(resolveTenant('X', 'home', 'other', ['Other'], {})).toBe('other');
    expect(resolveTenant('X', 'home', 'anything', ['*'], {})).toBe('anything');
  });

  it('makes the credential unavailable for a tenant it was not allowed', () => {
    expect(() => resolveTenant('ClientSecretCredential', 'home', 'other', ['third'], {})).toThrow(
      CredentialUnavailableError,
    );
    expect(() => resolveTenant('ClientSecretCredential', 'home', 'other', [], {})).toThrow(
      /add tenant "other" \(or "\*"\) to additionallyAllowedTenants/,
    );
  });

  it('ignores the requested tenant when multi-tenant auth is disabled, or for ADFS', () => {
    expect(resolveTenant('X', 'home', 'other', [], { AZURE_IDENTITY_DISABLE_MULTITENANTAUTH: 'true' })).toBe(
      'home',
    );
    expect(resolveTenant('X', 'adfs', 'other', [], {})).toBe('adfs');
  });

  it('validates the requested tenant before it can reach a URL', () => {
    expect(() => resolveTenant('X', 'home', '../evil', ['*'], {})).toThrow(InvalidArgumentError);
  });

  it('lets the requested tenant win when none is configured', () => {
    expect(resolveTenant('X', undefined, 'other', [], {})).toBe('other');
  });
});
