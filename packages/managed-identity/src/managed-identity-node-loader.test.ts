import { CredentialUnavailableError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { fileExists, importAtRunTime, NODE_SUPPORT } from './managed-identity-node-loader.js';

describe('modules loaded at run time', () => {
  it('loads the ./node entry by its package name', async () => {
    const support = await importAtRunTime<Record<string, unknown>>(NODE_SUPPORT, 'AzureArc');
    expect(typeof support.azureArcEndpoint).toBe('function');
    expect(typeof support.serviceFabricEndpoint).toBe('function');
  });

  it('a module that cannot be loaded is a CredentialUnavailableError naming it, who needs it and why', async () => {
    const error = await importAtRunTime('@identity/not-installed', 'AzureArc').catch((e: unknown) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/AzureArc loads @identity\/not-installed at run time.*Node\.js/);
    expect((error as Error).cause).toBeDefined();
  });

  it('fileExists sees real files and is false, not an error, for a missing path', () => {
    expect(fileExists(new URL(import.meta.url).pathname)).toBe(true);
    expect(fileExists('/no/such/file')).toBe(false);
  });
});
